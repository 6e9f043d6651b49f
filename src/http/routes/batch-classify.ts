/**
 * `POST /batch_classify`: several files (repeated multipart field `files`) → one result or one
 * error per file, in upload order. The files are analysed concurrently, so their clips meet in
 * the same inference batches.
 *
 * @module
 */
import { Cause, Effect } from "effect"
import { Hono } from "hono"
import { BatchClassifyResponse } from "../../schema/api.ts"
import { BadRequest } from "../../schema/errors/http.ts"
import { payloadTooLarge } from "../body/limit.ts"
import { filesOf, readForm, type Upload } from "../body/multipart.ts"
import { classifyUpload } from "../classify/classify-upload.ts"
import { apiErrorOf } from "../errors/api-error.ts"
import { jsonResponse } from "../respond.ts"
import { type EffectRunner, respond } from "../runner.ts"

/** The `/batch_classify` route. */
export const batchClassifyRoutes = (runner: EffectRunner) =>
  new Hono().post("/batch_classify", (c) =>
    respond(
      runner,
      c.req.raw,
      Effect.gen(function* () {
        const started = performance.now()
        const { maxBatchFiles, maxBatchTotalSize, maxFileSize } = runner.config
        const form = yield* readForm(c.req.raw, maxBatchTotalSize)
        const files = yield* filesOf(form, "files")
        if (files.length === 0)
          return yield* new BadRequest({
            message: 'no files: send the audio as repeated multipart fields "files"',
          })
        if (files.length > maxBatchFiles)
          return yield* new BadRequest({
            message: `${files.length} files sent; at most ${maxBatchFiles} per request (MAX_BATCH_FILES)`,
          })
        const classifyFile = (file: Upload) =>
          Effect.gen(function* () {
            if (file.bytes.length > maxFileSize)
              return yield* payloadTooLarge(maxFileSize, `the file "${file.filename}"`)
            return yield* classifyUpload(file, { spectrogram: false, endpoint: "/batch_classify" })
          }).pipe(
            Effect.map((result) => ({ filename: file.filename, status: 200 as const, result })),
            Effect.catchCause((cause) => {
              const failure = Cause.findErrorOption(cause)
              // Only failures belong in the per-file answer; an interruption (timeout, hang-up) ends the request.
              if (failure._tag === "None" && Cause.hasInterrupts(cause)) return Effect.failCause(cause)
              const error = apiErrorOf(failure._tag === "Some" ? failure.value : undefined)
              return Effect.succeed({
                filename: file.filename,
                status: error.status,
                error: { code: error.code, message: error.message },
              })
            }),
          )
        const results = yield* Effect.forEach(files, classifyFile, { concurrency: "unbounded" })
        return jsonResponse(BatchClassifyResponse, {
          results,
          processing_time: (performance.now() - started) / 1000,
        })
      }),
    ),
  )

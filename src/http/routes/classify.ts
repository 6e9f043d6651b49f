/**
 * `POST /classify`: one file (multipart field `file`) → its genre, mood, tempo and key.
 *
 * @module
 */
import { Effect } from "effect"
import { Hono } from "hono"
import { ClassifyQuery, ClassifyResponse } from "../../schema/api.ts"
import { BadRequest } from "../../schema/errors/http.ts"
import { filesOf, readForm } from "../body/multipart.ts"
import { classifyUpload } from "../classify/classify-upload.ts"
import { decodeQuery } from "../query.ts"
import { jsonResponse } from "../respond.ts"
import { type EffectRunner, respond } from "../runner.ts"

/** The `/classify` route. */
export const classifyRoutes = (runner: EffectRunner) =>
  new Hono().post("/classify", (c) =>
    respond(
      runner,
      c.req.raw,
      Effect.gen(function* () {
        const query = yield* decodeQuery(ClassifyQuery, c.req.query())
        const form = yield* readForm(c.req.raw, runner.config.maxFileSize)
        const files = yield* filesOf(form, "file")
        if (files.length !== 1)
          return yield* new BadRequest({
            message:
              files.length === 0
                ? 'no file: send the audio as the multipart field "file"'
                : `send one file in the "file" field (got ${files.length}); use /batch_classify for several`,
          })
        const spectrogram = query.spectrogram === "true" || query.spectrogram === "1"
        const result = yield* classifyUpload(files[0]!, { spectrogram, endpoint: "/classify" })
        return jsonResponse(ClassifyResponse, result)
      }),
    ),
  )

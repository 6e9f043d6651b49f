/**
 * `POST /classify/stream?window=3&hop=1.5`: the body is an audio file streamed as it is produced
 * (chunked transfer; WAV, MP3, FLAC, OGG…); the answer is NDJSON, one `WindowLine` per window as
 * soon as that window's audio has arrived, then a `SummaryLine`.
 *
 * @module
 */
import { Effect, Exit, Stream } from "effect"
import { Hono } from "hono"
import { StreamLine, StreamQuery } from "../../schema/api.ts"
import { BadRequest } from "../../schema/errors/http.ts"
import { decodeAudio } from "../../stream/decode/decode.ts"
import { mixdown } from "../../stream/stages/mixdown.ts"
import { declaredTooLarge, limitBody, payloadTooLarge } from "../body/limit.ts"
import { classifyWindows } from "../classify/classify-windows.ts"
import { ndjsonResponse, outcomes } from "../ndjson.ts"
import { decodeQuery, windowsOf } from "../query.ts"
import { encodeJson } from "../respond.ts"
import { causeResponse, type EffectRunner } from "../runner.ts"

/** The `/classify/stream` route. */
export const classifyStreamRoutes = (runner: EffectRunner) =>
  new Hono().post("/classify/stream", async (c) => {
    const { maxFileSize, maxDuration, requestTimeout } = runner.config
    const checked = await runner.run(
      Effect.gen(function* () {
        const { window, hop } = yield* windowsOf(yield* decodeQuery(StreamQuery, c.req.query()))
        if (declaredTooLarge(c.req.raw, maxFileSize)) return yield* payloadTooLarge(maxFileSize)
        const body = c.req.raw.body
        if (body === null || c.req.header("content-length") === "0")
          return yield* new BadRequest({ message: "the request has no body: stream the audio as the body" })
        return { window, hop, body }
      }),
    )
    if (Exit.isFailure(checked)) return causeResponse(runner, checked.cause)
    const { window, hop, body } = checked.value
    const limited = limitBody(body, maxFileSize, { idleTimeout: requestTimeout })
    const lines = classifyWindows(decodeAudio(limited.stream, { maxDuration }).pipe(mixdown), {
      window,
      hop,
      endpoint: "/classify/stream",
    }).pipe(
      // Reading errors hide why the body ended: report the limit or the idle timeout instead.
      Stream.mapError((e) => limited.failure() ?? e),
    )
    return ndjsonResponse(outcomes(lines), runner.context, (item) =>
      encodeJson(
        StreamLine,
        "line" in item
          ? item.line
          : { type: "error", error: { code: item.error.code, message: item.error.message } },
      ),
    )
  })

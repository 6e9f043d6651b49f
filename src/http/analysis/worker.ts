/**
 * Worker-thread entry of the analysis pool: decodes and analyses uploads, or analyses stream
 * windows, one job at a time, off the server's event loop. Replies `{ id, reply }` and announces
 * `{ ready: true }` once its modules have loaded.
 *
 * @module
 */
import { parentPort } from "node:worker_threads"
import { Cause, Effect, Exit, References } from "effect"
import { analyzeInput, analyzeSamples } from "../../stream/analyze.ts"
import { spectrogramPicture } from "../spectrogram/image.ts"
import {
  type AnalysedClip,
  type AnalysedUpload,
  type AnalysisError,
  type AnalysisJob,
  type AnalysisReply,
  encodeAnalysisError,
} from "./jobs.ts"

const port = parentPort
if (port === null) throw new Error("analysis/worker.ts runs as a worker thread")

const clipOf = (analysis: ReturnType<typeof analyzeSamples>): AnalysedClip => ({
  duration: analysis.duration,
  mel: analysis.mel,
  features: analysis.features,
  tempo: { bpm: analysis.tempo.bpm, confidence: analysis.tempo.confidence },
  key: analysis.key,
})

const analyse = (job: AnalysisJob): Effect.Effect<AnalysedUpload | AnalysedClip, AnalysisError> => {
  if (job.kind === "window") return Effect.sync(() => clipOf(analyzeSamples(job.samples)))
  return analyzeInput(job.bytes, { decode: { maxDuration: job.maxDuration } }).pipe(
    Effect.map(
      (analysis): AnalysedUpload => ({
        ...clipOf(analysis),
        info: analysis.info,
        truncated: analysis.truncated,
        ...(job.spectrogram && { picture: spectrogramPicture(analysis.mel) }),
      }),
    ),
    // A truncated upload is answered (and flagged in the response); no need to log each one.
    Effect.provideService(References.MinimumLogLevel, "Error"),
  )
}

/** The buffers of a result, moved rather than copied to the main thread. */
const transferList = (clip: AnalysedUpload | AnalysedClip): ArrayBuffer[] => {
  const buffers = [clip.mel.data.buffer]
  if ("picture" in clip && clip.picture !== undefined) buffers.push(clip.picture.png.buffer)
  return buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer)
}

port.on("message", async ({ id, job }: { id: number; job: AnalysisJob }) => {
  const started = performance.now()
  const exit = await Effect.runPromiseExit(analyse(job))
  const seconds = (performance.now() - started) / 1000
  let reply: AnalysisReply
  if (Exit.isSuccess(exit)) reply = { seconds, ok: true, clip: exit.value }
  else {
    const error = Cause.findErrorOption(exit.cause)
    reply = {
      seconds,
      ok: false,
      error:
        error._tag === "Some"
          ? encodeAnalysisError(error.value)
          : {
              _tag: "AnalysisCrashed",
              message: `the analysis failed: ${Cause.pretty(exit.cause).split("\n")[0]}`,
            },
    }
  }
  port.postMessage({ id, reply }, reply.ok ? transferList(reply.clip) : [])
})

port.postMessage({ ready: true })

/**
 * Worker-thread entry of a dataset build: processes the files it is sent, one at a time.
 * Replies `{ id, result }` or, when the output cannot be written, `{ id, fatal }`.
 *
 * @module
 */
import { parentPort } from "node:worker_threads"
import { NodeServices } from "@effect/platform-node"
import { Exit, ManagedRuntime } from "effect"
import { type FileJob, processFile } from "./process-file.ts"

const runtime = ManagedRuntime.make(NodeServices.layer)
const port = parentPort
if (port === null) throw new Error("worker.ts runs as a worker thread")

port.on("message", async ({ id, job }: { id: number; job: FileJob }) => {
  const exit = await runtime.runPromiseExit(processFile(job))
  if (Exit.isSuccess(exit)) port.postMessage({ id, result: exit.value })
  else {
    const failure = exit.cause.reasons[0]
    const error = failure !== undefined && "error" in failure ? failure.error : undefined
    port.postMessage({
      id,
      fatal: error ?? { _tag: "Defect", path: job.absolutePath, message: String(exit.cause) },
    })
  }
})

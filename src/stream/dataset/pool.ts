/**
 * A pool of worker threads for a dataset build: one file per worker at a time, as many workers as
 * cores by default. Scoped: the workers end with the scope, whatever happens.
 *
 * @module
 */
import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
import { Effect, Queue } from "effect"
import { OutputWriteError } from "../../schema/errors/output.ts"
import type { FileJob, FileResult } from "./process-file.ts"

// The sources run as TypeScript (Node strips types) and the package as compiled JavaScript.
const workerUrl = new URL(import.meta.url.endsWith(".ts") ? "./worker.ts" : "./worker.js", import.meta.url)

interface Reply {
  readonly id: number
  readonly result?: FileResult
  readonly fatal?: { readonly _tag: string; readonly path?: string; readonly message: string }
}

/** One worker thread and its pending request. */
class PoolWorker {
  private worker: Worker
  private pending: { id: number; job: FileJob; resolve: (r: Reply) => void } | undefined
  private nextId = 0
  /** Set by `terminate`: from then on, an ended worker is not replaced. */
  private closed = false

  constructor() {
    this.worker = this.spawn()
  }

  private spawn(): Worker {
    const worker = new Worker(workerUrl)
    worker.on("message", (reply: Reply) => {
      const pending = this.pending
      this.pending = undefined
      pending?.resolve(reply)
    })
    // A crashed worker (a codec abort, out of memory) fails its file and is replaced.
    worker.on("error", (error) => this.crashed(error.message))
    worker.on("exit", (code) => code !== 0 && this.crashed(`the worker exited with code ${code}`))
    return worker
  }

  private crashed(reason: string): void {
    const pending = this.pending
    if (pending === undefined) return
    this.pending = undefined
    // Terminating a busy worker (a build stopped by a failed write) also lands here: a new worker then
    // would outlive the pool and keep the process from exiting.
    if (!this.closed) this.worker = this.spawn()
    pending.resolve({
      id: pending.id,
      result: {
        _tag: "Failed",
        error: {
          filename: pending.job.relativePath,
          code: "WorkerCrashed",
          message: `decoding crashed: ${reason}`,
        },
      },
    })
  }

  run(job: FileJob): Promise<Reply> {
    return new Promise((resolve) => {
      const id = this.nextId++
      this.pending = { id, job, resolve }
      this.worker.postMessage({ id, job })
    })
  }

  terminate(): Promise<number> {
    this.closed = true
    return this.worker.terminate()
  }
}

export interface WorkerPool {
  readonly size: number
  /** Processes one file on the next free worker. */
  readonly run: (job: FileJob) => Effect.Effect<FileResult, OutputWriteError>
}

/** Starts `size` workers (default: the number of cores) for the lifetime of the current scope. */
export const makeWorkerPool = (size = availableParallelism()) =>
  Effect.gen(function* () {
    const workers = yield* Effect.acquireRelease(
      Effect.sync(() => Array.from({ length: Math.max(1, size) }, () => new PoolWorker())),
      (all) => Effect.promise(() => Promise.all(all.map((w) => w.terminate()))),
    )
    const idle = yield* Queue.unbounded<PoolWorker>()
    for (const w of workers) yield* Queue.offer(idle, w)
    const run = (job: FileJob) =>
      Effect.acquireUseRelease(
        Queue.take(idle),
        (worker) =>
          Effect.flatMap(
            Effect.promise(() => worker.run(job)),
            (reply): Effect.Effect<FileResult, OutputWriteError> =>
              reply.result !== undefined
                ? Effect.succeed(reply.result)
                : Effect.fail(
                    new OutputWriteError({
                      path: reply.fatal?.path ?? job.outputDir,
                      message: reply.fatal?.message ?? "the worker failed",
                    }),
                  ),
          ),
        (worker) => Queue.offer(idle, worker),
      )
    return { size: workers.length, run } satisfies WorkerPool
  })

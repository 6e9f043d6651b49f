/**
 * Runs decodes on a worker thread under a time limit. A decode that does not answer in time, or a
 * worker that dies, is reported as such and the worker is replaced, so one bad input never stops a run.
 *
 * @module
 */
import { Worker } from "node:worker_threads"
import type { DecodeReport } from "./outcome.ts"

/** A decode report, or why there is none. */
export type SupervisedReport =
  | DecodeReport
  | { readonly kind: "timeout"; readonly ms: number }
  | { readonly kind: "crash"; readonly message: string; readonly ms: number }

/** Memory of the decoding worker (its heap) and of the whole process (`rss`), after a full GC. */
export type MemorySample = NodeJS.MemoryUsage

const workerUrl = new URL("./decode-worker.ts", import.meta.url)

interface Pending {
  readonly resolve: (reply: unknown) => void
  readonly started: number
}

export class DecodeSupervisor {
  /** Workers started so far (1 + replacements after hangs and crashes). */
  spawned = 0
  /**
   * Lines the codecs printed (mpg123's "MPG123_ERR", libmpg123's warnings...): kept off the console,
   * where thousands of them would bury the summary, and counted.
   */
  codecLogLines = 0
  private worker!: Worker
  private pending: Pending | undefined
  private warm = false
  private closed = false
  private readonly warmUp: ReadonlyArray<Uint8Array>

  /** `warmUp`: inputs decoded, untimed, by each new worker, so that codec compilation is not timed. */
  constructor(warmUp: ReadonlyArray<Uint8Array> = []) {
    this.warmUp = warmUp
    this.spawn()
  }

  /** Warms the current worker up, if not done yet. */
  private async ready(): Promise<void> {
    if (this.warm) return
    this.warm = true
    for (const bytes of this.warmUp) await this.request({ type: "decode", bytes: bytes.slice() }, 60_000)
  }

  /** Decodes `bytes` (fed in `chunkSizes` when given) within `timeoutMs`. */
  async decode(
    bytes: Uint8Array,
    chunkSizes: ReadonlyArray<number> | undefined,
    timeoutMs: number,
  ): Promise<SupervisedReport> {
    await this.ready()
    const message = {
      type: "decode",
      bytes: bytes.slice(),
      ...(chunkSizes && { chunkSizes: [...chunkSizes] }),
    }
    return (await this.request(message, timeoutMs)) as SupervisedReport
  }

  /** Memory after a full garbage collection in the worker. */
  async memory(): Promise<MemorySample> {
    await this.ready()
    return (await this.request({ type: "memory" }, 60_000)) as MemorySample
  }

  async close(): Promise<void> {
    this.closed = true
    await this.worker.terminate()
  }

  private spawn(): void {
    this.spawned++
    this.warm = false
    const worker = new Worker(workerUrl, { stdout: true, stderr: true })
    for (const stream of [worker.stdout, worker.stderr]) {
      stream.on("data", (data: Buffer) => {
        for (const byte of data) if (byte === 10) this.codecLogLines++
      })
    }
    worker.on("message", (reply) => {
      const pending = this.pending
      this.pending = undefined
      pending?.resolve(reply)
    })
    worker.on("error", (error) => this.fail(worker, `uncaught ${error.name}: ${error.message}`))
    worker.on("exit", (code) => this.fail(worker, `the worker exited with code ${code}`))
    this.worker = worker
  }

  /** The worker died: answer the pending request with a crash and start another. */
  private fail(worker: Worker, message: string): void {
    if (worker !== this.worker || this.closed) return
    const pending = this.pending
    this.pending = undefined
    this.spawn()
    pending?.resolve({ kind: "crash", message, ms: performance.now() - pending.started })
  }

  private request(message: { type: string; bytes?: Uint8Array }, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve) => {
      const started = performance.now()
      const timer = setTimeout(() => {
        const worker = this.worker
        this.pending = undefined
        this.spawn()
        void worker.terminate()
        resolve({ kind: "timeout", ms: performance.now() - started })
      }, timeoutMs)
      this.pending = {
        started,
        resolve: (reply) => {
          clearTimeout(timer)
          resolve(reply)
        },
      }
      this.worker.postMessage(message, message.bytes ? [message.bytes.buffer as ArrayBuffer] : [])
    })
  }
}

/**
 * A fixed set of worker threads with a bounded queue in front: a job waits for the next free
 * worker, and when `queueCapacity` jobs already wait, a new one is refused at once (`QueueFull`,
 * with an estimate of when to retry) instead of piling up. A job whose caller gives up (a timeout, a
 * client that hung up) leaves the queue; one already running finishes and its answer is dropped.
 * A worker that dies fails its job with `AnalysisCrashed` and is replaced.
 *
 * @module
 */
import { type ResourceLimits, Worker } from "node:worker_threads"
import { Effect, type Scope } from "effect"
import { AnalysisCrashed, QueueFull } from "../../schema/errors/http.ts"

export interface WorkerPoolOptions {
  /** Worker threads. */
  readonly size: number
  /** Jobs that may wait for a worker; one more is refused with `QueueFull`. */
  readonly queueCapacity: number
  /** Seconds to wait for the workers to load their modules. Default 60. */
  readonly startTimeout?: number
  /** V8 heap limits of each worker. */
  readonly resourceLimits?: ResourceLimits
}

export interface PoolStats {
  readonly size: number
  readonly busy: number
  readonly queued: number
}

export interface WorkerPool<Job, Reply> {
  readonly stats: () => PoolStats
  /** Runs a job on the next free worker, moving `transfer`'s buffers to it. */
  readonly run: (
    job: Job,
    transfer?: ReadonlyArray<Transferable>,
  ) => Effect.Effect<Reply, QueueFull | AnalysisCrashed>
}

interface Task<Job, Reply> {
  readonly job: Job
  readonly transfer: ReadonlyArray<Transferable>
  readonly done: (result: Effect.Effect<Reply, AnalysisCrashed>) => void
}

/** One worker thread and the task it runs. */
class Slot<Job, Reply> {
  worker: Worker
  task: Task<Job, Reply> | undefined
  started = 0
  private closed = false
  private nextId = 0
  private readonly url: URL
  private readonly limits: ResourceLimits | undefined
  private readonly onFree: (slot: Slot<Job, Reply>, seconds: number) => void

  constructor(
    url: URL,
    limits: ResourceLimits | undefined,
    onFree: (slot: Slot<Job, Reply>, seconds: number) => void,
  ) {
    this.url = url
    this.limits = limits
    this.onFree = onFree
    this.worker = this.spawn()
  }

  /** Resolves when the worker has loaded its modules; fails if it dies first. */
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: { ready?: boolean }) => {
        if (m.ready !== true) return
        this.worker.off("message", onMessage)
        resolve()
      }
      this.worker.on("message", onMessage)
      this.worker.once("error", reject)
    })
  }

  private spawn(): Worker {
    const worker = new Worker(this.url, this.limits === undefined ? {} : { resourceLimits: this.limits })
    worker.on("message", (m: { id?: number; reply?: Reply }) => {
      if (m.id === undefined || this.task === undefined) return
      this.finish(Effect.succeed(m.reply as Reply))
    })
    worker.on("error", (e) => this.crashed(e.message))
    worker.on("exit", (code) => code !== 0 && this.crashed(`the worker exited with code ${code}`))
    return worker
  }

  private finish(result: Effect.Effect<Reply, AnalysisCrashed>): void {
    const task = this.task
    this.task = undefined
    this.onFree(this, (performance.now() - this.started) / 1000)
    task?.done(result)
  }

  private crashed(reason: string): void {
    if (this.task === undefined) return
    this.worker.removeAllListeners()
    void this.worker.terminate()
    // Closing the pool while a job runs also lands here: a new worker then would outlive the pool
    // and keep the process from exiting.
    if (!this.closed) this.worker = this.spawn()
    this.finish(Effect.fail(new AnalysisCrashed({ message: `the analysis worker died: ${reason}` })))
  }

  /** Ends the worker for good (the pool's scope is closing). */
  terminate(): Promise<number> {
    this.closed = true
    return this.worker.terminate()
  }

  start(task: Task<Job, Reply>): void {
    this.task = task
    this.started = performance.now()
    this.worker.postMessage({ id: this.nextId++, job: task.job }, [
      ...task.transfer,
    ] as Transferable[] as never)
  }
}

/**
 * Starts `size` workers running the module at `url` (which must post `{ ready: true }` once loaded
 * and answer each `{ id, job }` with `{ id, reply }`), for the lifetime of the current scope.
 */
export const makeWorkerPool = <Job, Reply>(
  url: URL,
  options: WorkerPoolOptions,
): Effect.Effect<WorkerPool<Job, Reply>, AnalysisCrashed, Scope.Scope> =>
  Effect.gen(function* () {
    const queue: Array<Task<Job, Reply>> = []
    let meanSeconds = 0.5 // running estimate of a job's duration, for Retry-After
    const idle: Array<Slot<Job, Reply>> = []
    const dispatch = () => {
      while (idle.length > 0 && queue.length > 0) idle.pop()!.start(queue.shift()!)
    }
    const onFree = (slot: Slot<Job, Reply>, seconds: number) => {
      meanSeconds = 0.8 * meanSeconds + 0.2 * seconds
      idle.push(slot)
      dispatch()
    }
    const slots = yield* Effect.acquireRelease(
      Effect.sync(() =>
        Array.from(
          { length: Math.max(1, options.size) },
          () => new Slot(url, options.resourceLimits, onFree),
        ),
      ),
      (all) => Effect.promise(() => Promise.all(all.map((s) => s.terminate()))),
    )
    yield* Effect.tryPromise({
      try: () => Promise.all(slots.map((s) => s.ready())),
      catch: (e) => new AnalysisCrashed({ message: `the analysis workers did not start: ${String(e)}` }),
    }).pipe(
      Effect.timeoutOrElse({
        duration: `${options.startTimeout ?? 60} seconds`,
        orElse: () =>
          Effect.fail(new AnalysisCrashed({ message: "the analysis workers did not start in time" })),
      }),
    )
    idle.push(...slots)

    const stats = (): PoolStats => ({
      size: slots.length,
      busy: slots.length - idle.length,
      queued: queue.length,
    })

    const run = (job: Job, transfer: ReadonlyArray<Transferable> = []) =>
      Effect.callback<Reply, QueueFull | AnalysisCrashed>((resume) => {
        if (idle.length === 0 && queue.length >= options.queueCapacity) {
          const retryAfter = Math.max(
            1,
            Math.ceil(((queue.length + slots.length) * meanSeconds) / slots.length),
          )
          resume(
            Effect.fail(
              new QueueFull({
                retryAfter,
                message: `the server is busy: all ${slots.length} analysis workers are working and ${queue.length} jobs wait; retry in ${retryAfter} s`,
              }),
            ),
          )
          return
        }
        const task: Task<Job, Reply> = { job, transfer, done: resume }
        queue.push(task)
        dispatch()
        // Given up on while still waiting: leave the queue (a running job finishes, unheard).
        return Effect.sync(() => {
          const at = queue.indexOf(task)
          if (at >= 0) queue.splice(at, 1)
        })
      })

    return { stats, run } satisfies WorkerPool<Job, Reply>
  })

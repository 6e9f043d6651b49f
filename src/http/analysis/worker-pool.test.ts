import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Fiber } from "effect"
import { describe, expect, it } from "vitest"
import { makeWorkerPool } from "./worker-pool.ts"

type Job = { value: number; delay?: number } | "crash"
const workerUrl = new URL("../../../test/support/test-worker.ts", import.meta.url)

const withPool = <A, E>(
  options: { size: number; queueCapacity: number },
  use: (pool: Effect.Success<ReturnType<typeof makeWorkerPool<Job, number>>>) => Effect.Effect<A, E>,
) => Effect.runPromise(Effect.scoped(Effect.flatMap(makeWorkerPool<Job, number>(workerUrl, options), use)))

describe("makeWorkerPool", () => {
  it("runs jobs on its workers, queueing those that find every worker busy", async () => {
    const results = await withPool({ size: 2, queueCapacity: 8 }, (pool) =>
      Effect.all(
        [1, 2, 3, 4, 5].map((value) => pool.run({ value, delay: 20 })),
        { concurrency: "unbounded" },
      ),
    )
    expect(results).toEqual([2, 4, 6, 8, 10])
  })

  it("refuses a job at once when the queue is full, with a retry estimate", async () => {
    const outcome = await withPool({ size: 1, queueCapacity: 1 }, (pool) =>
      Effect.gen(function* () {
        const running = yield* Effect.forkChild(pool.run({ value: 1, delay: 300 }))
        const waiting = yield* Effect.forkChild(pool.run({ value: 2 }))
        yield* Effect.sleep("50 millis")
        expect(pool.stats()).toEqual({ size: 1, busy: 1, queued: 1 })
        const refused = yield* Effect.flip(pool.run({ value: 3 }))
        return { refused, answers: [yield* Fiber.join(running), yield* Fiber.join(waiting)] }
      }),
    )
    expect(outcome.refused._tag).toBe("QueueFull")
    expect(outcome.refused._tag === "QueueFull" && outcome.refused.retryAfter).toBeGreaterThanOrEqual(1)
    expect(outcome.answers).toEqual([2, 4])
  })

  it("drops a queued job whose caller gave up", async () => {
    const stats = await withPool({ size: 1, queueCapacity: 4 }, (pool) =>
      Effect.gen(function* () {
        const running = yield* Effect.forkChild(pool.run({ value: 1, delay: 200 }))
        const waiting = yield* Effect.forkChild(pool.run({ value: 2 }))
        yield* Effect.sleep("50 millis")
        yield* Fiber.interrupt(waiting)
        const queued = pool.stats().queued
        yield* Fiber.join(running)
        return queued
      }),
    )
    expect(stats).toBe(0)
  })

  it("fails the job of a worker that dies, and replaces the worker", async () => {
    const [crashed, after] = await withPool({ size: 1, queueCapacity: 4 }, (pool) =>
      Effect.gen(function* () {
        const crashed = yield* Effect.flip(pool.run("crash"))
        return [crashed, yield* pool.run({ value: 21 })] as const
      }),
    )
    expect(crashed._tag).toBe("AnalysisCrashed")
    expect(crashed.message).toMatch(/exited with code 3/)
    expect(after).toBe(42)
  })

  it("lets the process exit when closed while a job runs (no worker is started in its place)", () => {
    // In a child process, since what is checked is that the process ends by itself.
    const dir = mkdtempSync(join(tmpdir(), "mirflow-pool-"))
    const script = join(dir, "close-while-busy.mjs")
    writeFileSync(
      script,
      `import { Effect } from ${JSON.stringify(import.meta.resolve("effect"))}
      import { makeWorkerPool } from ${JSON.stringify(new URL("./worker-pool.ts", import.meta.url).href)}
      await Effect.runPromise(Effect.scoped(Effect.gen(function* () {
        const pool = yield* makeWorkerPool(new URL(${JSON.stringify(workerUrl.href)}), { size: 1, queueCapacity: 1 })
        yield* Effect.forkDetach(pool.run({ value: 1, delay: 60000 }))
        yield* Effect.sleep("100 millis")
      })))
      console.log("closed")`,
    )
    try {
      const child = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 20_000 })
      expect(child.stderr).toBe("")
      expect(child.stdout.trim()).toBe("closed")
      expect(child.signal).toBeNull() // not killed by the timeout: it exited
      expect(child.status).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 30_000)
})

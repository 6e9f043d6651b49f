/**
 * A worker for the worker-pool tests, speaking the pool's protocol: `{ id, job }` in, `{ id, reply }`
 * out, `{ ready: true }` once loaded. Jobs: a number (answered doubled after `delay` ms), or
 * "crash" (the thread exits with code 3).
 */
import { parentPort } from "node:worker_threads"

const port = parentPort!
port.on("message", ({ id, job }: { id: number; job: { value: number; delay?: number } | "crash" }) => {
  if (job === "crash") process.exit(3)
  setTimeout(() => port.postMessage({ id, reply: job.value * 2 }), job.delay ?? 0)
})
port.postMessage({ ready: true })

/**
 * Starting the real service for load tests (bench:http, soak): as `npm start` does, in its own process,
 * on a free loopback port; and reading a process's resident memory.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"

/** The model a load test serves: MODEL_PATH, else the bundled default, else the small test model. */
export const benchModel = (): string =>
  process.env.MODEL_PATH ??
  (existsSync("models/default/model.onnx") ? "models/default" : "test/fixtures/model")

/** The node arguments of `npm start` (`node --flags bin/mirflow.js serve` → `--flags bin/mirflow.js serve`). */
export const startArguments = (): string[] => {
  const start: string = JSON.parse(readFileSync("package.json", "utf8")).scripts.start
  const [command, ...args] = start.split(/\s+/)
  if (command !== "node") throw new Error(`npm start runs "${start}"; the load tests expect "node …"`)
  return args
}

/** Starts the server on a free port; resolves with its URL once the model has loaded. */
export const startServer = (
  env: Record<string, string> = {},
): Promise<{ url: string; child: ChildProcess }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, startArguments(), {
      env: { ...process.env, API_PORT: "0", HOST: "127.0.0.1", MODEL_PATH: benchModel(), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    })
    let url = ""
    let log = ""
    const onLine = (text: string) => {
      log += text
      url ||= /listening on (http:\/\/\S+)/.exec(log)?.[1] ?? ""
      if (url !== "" && /model .* loaded/.test(log)) resolve({ url, child })
    }
    child.stdout!.setEncoding("utf8").on("data", onLine)
    child.stderr!.setEncoding("utf8").on("data", onLine)
    child.on("exit", (code) => reject(new Error(`the server exited (${code}) before it was ready:\n${log}`)))
  })

/** Resident memory of a process in bytes (all its threads), from /proc. */
export const rssOf = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8")
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024
}

/** The q-quantile of sorted values (nearest rank). */
export const percentile = (sorted: ReadonlyArray<number>, q: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!

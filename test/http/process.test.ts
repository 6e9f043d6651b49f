/**
 * The service as a process, the way `npm start` and containers run it: start-up validation,
 * and a graceful SIGTERM that lets an in-flight request finish.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { afterEach, describe, expect, it } from "vitest"
import { formWith, musicWav, testModelPath } from "../support/http-server.ts"

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL")
})

/** Runs `mirflow serve` with `env`; `output()` is what it printed so far. */
const serve = (env: Record<string, string>) => {
  const child = spawn(process.execPath, ["bin/mirflow.js", "serve"], {
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      API_PORT: "0",
      MODEL_PATH: testModelPath,
      WORKERS: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  })
  children.push(child)
  let output = ""
  const waiters: Array<() => void> = []
  const onData = (text: string) => {
    output += text
    for (const w of waiters.splice(0)) w()
  }
  child.stdout!.setEncoding("utf8").on("data", onData)
  child.stderr!.setEncoding("utf8").on("data", onData)
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  const waitFor = async (pattern: RegExp) => {
    while (!pattern.test(output)) {
      if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`)
      await new Promise<void>((resolve) => waiters.push(resolve))
    }
    return pattern.exec(output)!
  }
  return { child, exited, waitFor, output: () => output }
}

describe("mirflow serve", () => {
  it("refuses to start on an invalid setting, naming the variable", async () => {
    const server = serve({ API_PORT: "99999" })
    expect(await server.exited).toBe(1)
    expect(server.output()).toMatch(/API_PORT: expected a value between 0 and 65535/)
  })

  it("exits with a clear message when the model cannot be loaded", async () => {
    const server = serve({ MODEL_PATH: "/nonexistent/model" })
    expect(await server.exited).toBe(1)
    expect(server.output()).toMatch(/ModelFileError: cannot read \/nonexistent\/model\/model\.json/)
  })

  it("on SIGTERM, stops accepting, finishes the request in flight, and exits 0", async () => {
    const server = serve({})
    const url = (await server.waitFor(/listening on (http:\/\/\S+)/))[1]!
    await server.waitFor(/model .* loaded/)
    const inFlight = fetch(`${url}/classify`, {
      method: "POST",
      body: formWith("file", [["a.wav", musicWav(8)]]),
    })
    // Wait until the upload is being analysed, then ask the server to stop.
    for (;;) {
      const metrics = await (await fetch(`${url}/metrics`)).text()
      if (/^mirflow_analysis_workers_busy 1$/m.test(metrics)) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    server.child.kill("SIGTERM")
    await server.waitFor(/shutting down/)
    const response = await inFlight
    expect(response.status).toBe(200)
    expect((await response.json()).duration).toBeCloseTo(8, 3)
    await expect(fetch(`${url}/health`)).rejects.toThrow()
    expect(await server.exited).toBe(0)
  })
})

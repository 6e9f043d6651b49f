/**
 * Where the docs' code blocks run: a temporary folder that looks like the repository (every top-level
 * entry linked, `models/` a real folder so `models/mine` lands in the sandbox), the servers the blocks
 * start, and the ports the blocks name, mapped to free ones.
 *
 * Blocks name the service as `localhost:8000` (or 8080). A block marked `server` starts one: it runs in
 * the background until the doc is done, on a free port that replaces the one it names. A block that
 * names a port no block of its doc started talks to a shared server with the bundled model.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

export const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "")
/** The ports docs name for the service. */
const DOC_PORTS = /(localhost:|127\.0\.0\.1:|--port |API_PORT=)(8000|8080)\b/g

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

/** A temporary copy of the repository's layout, made of links. */
export const makeSandbox = (name: string): string => {
  const dir = mkdtempSync(join(tmpdir(), `mirflow-docs-${name}-`))
  for (const entry of readdirSync(root)) {
    if (entry === ".git" || entry === ".tmp") continue
    if (entry === "models") {
      mkdirSync(join(dir, "models"))
      for (const model of readdirSync(join(root, "models")))
        symlinkSync(join(root, "models", model), join(dir, "models", model))
    } else symlinkSync(join(root, entry), join(dir, entry))
  }
  return dir
}

export interface Output {
  readonly code: number | null
  readonly output: string
}

/**
 * The environment of the blocks: no colours in the output, and Node's compile cache, which keeps the
 * bytecode of the sources between the blocks' many short processes (a CLI start costs half as much CPU).
 */
const blockEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  NO_COLOR: "1",
  FORCE_COLOR: "0",
  NODE_COMPILE_CACHE: join(root, ".tmp", "node-compile-cache"),
})

/** Runs `command` with arguments in `cwd`; resolves with the exit code and stdout + stderr interleaved. */
export const runProcess = (
  command: string,
  args: ReadonlyArray<string>,
  cwd: string,
  timeoutMs: number,
): Promise<Output> =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: blockEnv(), detached: true })
    let output = ""
    child.stdout.on("data", (d) => (output += d))
    child.stderr.on("data", (d) => (output += d))
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeoutMs / 1000} s]`
      killGroup(child)
    }, timeoutMs)
    child.on("close", (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })

/** Stops a process started `detached` and every process it started (npm → sh → node). */
const killGroup = (child: ChildProcess, signal: NodeJS.Signals = "SIGTERM") => {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

const waitForHealth = async (port: number, child: ChildProcess, log: () => string): Promise<void> => {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${log()}`)
    const healthy = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (healthy) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`the server did not answer /health within 60 s:\n${log()}`)
}

/** A server a block started, running in the background. */
interface Background {
  readonly child: ChildProcess
  readonly log: () => string
}

/**
 * Starts `bash -c script` in the background and waits until the service answers on `port`. The
 * service gets one analysis worker and, unless the script sets another, `port` as `API_PORT`.
 */
export const startBackground = async (script: string, cwd: string, port: number): Promise<Background> => {
  const child = spawn("bash", ["-c", script], {
    cwd,
    env: { ...blockEnv(), WORKERS: "1", API_PORT: String(port) },
    detached: true,
  })
  let output = ""
  child.stdout!.on("data", (d) => (output += d))
  child.stderr!.on("data", (d) => (output += d))
  const log = () => output
  try {
    await waitForHealth(port, child, log)
  } catch (e) {
    killGroup(child, "SIGKILL")
    throw e
  }
  return { child, log }
}

/** Stops a background server and waits for it to exit. */
export const stopBackground = ({ child }: Background): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once("exit", () => resolve())
    killGroup(child)
    setTimeout(() => killGroup(child, "SIGKILL"), 10_000).unref()
  })

/** The shared server with the bundled model, for blocks whose doc starts none. Started on first use. */
let shared: Promise<{ port: number; server: Background }> | undefined
export const sharedServerPort = async (): Promise<number> => {
  shared ??= freePort().then(async (port) => ({
    port,
    server: await startBackground(
      `exec node bin/mirflow.js serve --host 127.0.0.1 --port ${port}`,
      root,
      port,
    ),
  }))
  return (await shared).port
}
export const stopSharedServer = async (): Promise<void> => {
  if (shared !== undefined) await stopBackground((await shared).server)
  shared = undefined
}

/** The state of one doc's run: its sandbox, its servers, its ports. */
export class DocRun {
  readonly sandbox: string
  private readonly ports = new Map<string, number>()
  private readonly servers: Background[] = []

  constructor(name: string) {
    this.sandbox = makeSandbox(name)
  }

  /** The port numbers a block names, in order of appearance. */
  static portsNamed(code: string): string[] {
    return [...new Set([...code.matchAll(DOC_PORTS)].map((m) => m[2]!))]
  }

  /** `code` with each doc port replaced by this run's. */
  substitute(code: string): string {
    return code.replace(
      DOC_PORTS,
      (_, before: string, port: string) => `${before}${this.ports.get(port) ?? port}`,
    )
  }

  /**
   * Maps the ports a block names: to a new free port for a `server` block (one that names none, such as
   * `npm start`, serves on the default 8000), else to a running server.
   */
  async mapPorts(code: string, startsServer: boolean): Promise<void> {
    const named = DocRun.portsNamed(code)
    if (startsServer)
      for (const port of named.length > 0 ? named : ["8000"]) this.ports.set(port, await freePort())
    else for (const port of named) if (!this.ports.has(port)) this.ports.set(port, await sharedServerPort())
  }

  /** Runs a `server` block in the background until {@link close}. */
  async startServer(code: string): Promise<void> {
    const port = this.ports.get(DocRun.portsNamed(code)[0] ?? "8000")!
    this.servers.push(await startBackground(this.substitute(code), this.sandbox, port))
  }

  /** Writes a ts block inside the repository (so `mirflow/*` resolves to the sources) and returns its path. */
  writeScript(name: string, code: string): string {
    const dir = join(root, ".tmp", "doc-blocks")
    mkdirSync(dir, { recursive: true })
    const path = join(dir, name)
    writeFileSync(path, code)
    return path
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map(stopBackground))
    rmSync(this.sandbox, { recursive: true, force: true })
  }
}

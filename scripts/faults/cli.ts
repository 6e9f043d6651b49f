/**
 * Runs the `mirflow` command as a separate process, as a user would, optionally killing it with
 * SIGKILL (no chance to clean up: the case a resumable build must survive).
 *
 * @module
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

/** The `mirflow` command of this checkout. */
export const mirflowBin = fileURLToPath(new URL("../../bin/mirflow.js", import.meta.url))
const bin = mirflowBin

export interface CliRun {
  /** Exit code, or null when killed. */
  readonly code: number | null
  /** True when the SIGKILL landed before the process exited by itself. */
  readonly killed: boolean
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

/**
 * When to send SIGKILL: called once the process has started, with a function that tells whether it
 * has exited (to stop polling); the process is killed when the promise resolves, if still running.
 */
export type KillTrigger = (exited: () => boolean) => Promise<void>

export interface CliOptions {
  readonly killWhen?: KillTrigger
  /** A command that runs the rest, e.g. `["setpriv", "--reuid=65534", ...]` to drop root. */
  readonly prefix?: ReadonlyArray<string>
}

/** A trigger `ms` milliseconds after the start (its timer does not keep this process alive). */
export const afterMs =
  (ms: number): KillTrigger =>
  () =>
    new Promise((resolve) => setTimeout(resolve, ms).unref())

/** Runs `mirflow ...args` with the Node that runs this script (Node 24 through npm/tsx/vitest). */
export const runMirflow = (args: ReadonlyArray<string>, options: CliOptions = {}): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const started = performance.now()
    const [command, ...rest] = [...(options.prefix ?? []), process.execPath, bin, ...args]
    const child = spawn(command!, rest, { stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    let exited = false
    let killed = false
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString()
    })
    void options
      .killWhen?.(() => exited)
      .then(() => {
        if (!exited) killed = child.kill("SIGKILL")
      })
    child.on("error", reject)
    child.on("exit", () => {
      exited = true
    })
    child.on("close", (code) => {
      exited = true
      resolve({ code, killed: killed && code === null, stdout, stderr, ms: performance.now() - started })
    })
  })

/**
 * The peer: aubio's tempo estimate (`aubio tempo FILE`, Debian's aubio-tools), one process per file.
 *
 * @module
 */
import { spawnSync } from "node:child_process"

/** Whether the `aubio` command is on the PATH. */
export const aubioAvailable = (): boolean => spawnSync("aubio", ["--help"], { stdio: "ignore" }).status === 0

/**
 * Runs `aubio tempo` on `path`; returns the BPM it prints (0 when it prints none) and the wall time in
 * ms of the whole process (decoding included, as a user would experience it).
 */
export const aubioTempo = (path: string): { bpm: number; ms: number } => {
  const start = performance.now()
  const run = spawnSync("aubio", ["tempo", path], { encoding: "utf8" })
  const ms = performance.now() - start
  const match = /([\d.]+)\s*bpm/.exec(run.stdout ?? "")
  return { bpm: match ? Number.parseFloat(match[1]!) : 0, ms }
}

/**
 * Dataset builds whose writes fail: a full disk (a small tmpfs), an output folder the user may not
 * write to, and a file standing where the output folder should be. Each must stop with one clear
 * `mirflow: OutputWriteError: ...` line (no stack trace), exit 1, and leave no partial files: no
 * temporary files, no truncated `.npy`, no features JSON cut short.
 *
 * A full disk and a permission check need root here (to mount, and to drop to `nobody`, since root
 * ignores permissions); without it they are skipped with the reason, never passed.
 *
 * @module
 */
import { execFileSync, spawnSync } from "node:child_process"
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { decodeNpy } from "../../src/dsp/npy.ts"
import { afterMs, type CliRun, mirflowBin, runMirflow } from "./cli.ts"
import { differences, snapshot, tempFiles } from "./snapshot.ts"

export interface FaultCheck {
  readonly name: string
  readonly outcome: "pass" | "fail" | "skip"
  /** The error line mirflow printed (pass), what went wrong (fail), or why it did not run (skip). */
  readonly detail: string
}

export interface WriteFaultContext {
  /** The music folder. */
  readonly input: string
  /** A scratch folder for this check's outputs. */
  readonly root: string
  /** An uninterrupted build of `input` (the full disk check sizes its disk from it). */
  readonly reference: string
}

const isRoot = process.getuid?.() === 0
/** `setpriv` arguments that run the rest of a command as `nobody` (uid and gid 65534). */
const asNobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]

const skip = (name: string, detail: string): FaultCheck => ({ name, outcome: "skip", detail })

/**
 * What is partial under `dir`: temporary files, `.npy` files whose data is not exactly what their
 * header declares, JSON files that do not parse. Empty when every file is whole.
 */
export const partialFiles = (dir: string): string[] => {
  if (!existsSync(dir)) return []
  const problems = tempFiles(dir).map((name) => `temporary file left: ${name}`)
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const path = join(dir, name)
    if (!statSync(path).isFile()) continue
    const bytes = readFileSync(path)
    try {
      // A cut-off .npy fails here: its data is shorter than its header's shape.
      if (name.endsWith(".npy")) decodeNpy(bytes)
      else if (name.endsWith(".json")) JSON.parse(bytes.toString("utf8"))
    } catch (error) {
      problems.push(`partial file: ${name} (${error instanceof Error ? error.message : error})`)
    }
  }
  return problems
}

/** Judges a build that should have failed to write: exit 1, one typed line matching `expected`. */
const judgeFailedWrite = (name: string, run: CliRun, expected: RegExp, output: string): FaultCheck => {
  const line = run.stderr.split("\n").find((l) => l.startsWith("mirflow: ")) ?? ""
  const fail = (why: string): FaultCheck => ({
    name,
    outcome: "fail",
    detail: `${why}; exit ${run.code}; stderr: ${run.stderr.trim().slice(0, 400)}`,
  })
  if (run.killed) return fail(`it hung: killed after ${HANG_MS / 1000} s`)
  if (run.code !== 1) return fail("expected exit code 1")
  if (!line.startsWith("mirflow: OutputWriteError: ")) return fail("no OutputWriteError line")
  if (!expected.test(line)) return fail(`the message does not match ${expected}`)
  if (/^\s+at /m.test(run.stderr)) return fail("a stack trace was printed")
  const partial = partialFiles(output)
  if (partial.length > 0) return fail(partial.join("; "))
  return { name, outcome: "pass", detail: line }
}

/** A build that has not exited after this long hangs (the small input takes a few seconds). */
const HANG_MS = 120_000

const build = (input: string, output: string, prefix?: ReadonlyArray<string>) =>
  runMirflow(["preprocess-dataset", input, "--output", output, "--concurrency", "2"], {
    killWhen: afterMs(HANG_MS),
    ...(prefix && { prefix }),
  })

/** Bytes `dir` takes on a file system of 4 KiB pages (what a tmpfs counts). */
const pagesBytes = (dir: string): number =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => statSync(join(dir, name)))
    .filter((s) => s.isFile())
    .reduce((sum, s) => sum + Math.ceil(s.size / 4096) * 4096 + 4096, 0)

/**
 * A disk that fills half way through the build: a tmpfs of half the reference's size. After the
 * failure, the disk is grown (`mount -o remount`) and the build resumed: it must end equal to the
 * reference.
 */
export const fullDisk = async (context: WriteFaultContext): Promise<FaultCheck> => {
  const name = "full disk"
  if (!isRoot) return skip(name, "needs root to mount a small tmpfs (run as root to include it)")
  const disk = join(context.root, "small-disk")
  mkdirSync(disk, { recursive: true })
  const needed = pagesBytes(context.reference)
  const size = Math.max(64 * 1024, Math.floor(needed / 2 / 4096) * 4096)
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", disk], { stdio: "pipe" })
  } catch (error) {
    return skip(name, `mount -t tmpfs failed (${String(error).split("\n")[0]}): no mount rights here`)
  }
  try {
    const output = join(disk, "dataset")
    const run = await build(context.input, output)
    const judged = judgeFailedWrite(name, run, /no space left on the device/, output)
    if (judged.outcome !== "pass") return judged
    execFileSync("mount", ["-o", `remount,size=${needed * 4}`, disk], { stdio: "pipe" })
    const resumed = await build(context.input, output)
    if (resumed.code !== 0)
      return { name, outcome: "fail", detail: `the resumed build failed: ${resumed.stderr}` }
    const diff = differences(snapshot(context.reference), snapshot(output))
    if (diff.length > 0)
      return { name, outcome: "fail", detail: `after freeing space: ${diff.slice(0, 5).join("; ")}` }
    return {
      name,
      outcome: "pass",
      detail: `${judged.detail} (disk ${size / 1024} KiB of ${Math.ceil(needed / 1024)} needed; resumed on a larger disk: equal to the reference)`,
    }
  } finally {
    execFileSync("umount", [disk], { stdio: "pipe" })
  }
}

/** Whether `nobody` can run mirflow from this checkout and read `input`; the reason when not. */
const nobodyCannot = (input: string): string | undefined => {
  const probe = spawnSync(
    asNobody[0]!,
    [
      ...asNobody.slice(1),
      process.execPath,
      "-e",
      `const fs = require("node:fs"); fs.readdirSync(${JSON.stringify(input)}); fs.readFileSync(${JSON.stringify(mirflowBin)})`,
    ],
    { encoding: "utf8" },
  )
  if (probe.error) return `setpriv is missing (${probe.error.message})`
  if (probe.status !== 0)
    return `nobody cannot run mirflow from this checkout or read the input: ${probe.stderr.trim().split("\n")[0]}`
  return undefined
}

/** Runs the build into `output` and checks it fails with the `expected` message, writing nothing there. */
const judgeUnwritable = async (
  name: string,
  context: WriteFaultContext,
  output: string,
  expected: RegExp,
  prefix?: string[],
) => {
  const run = await build(context.input, output, prefix)
  const judged = judgeFailedWrite(name, run, expected, output)
  if (judged.outcome === "pass" && readdirSync(output).length > 0)
    return { name, outcome: "fail", detail: `files appeared: ${readdirSync(output).join(", ")}` } as const
  return judged
}

/**
 * An output folder mirflow may not write to. Root ignores permissions, so as root the build runs as
 * `nobody` into a folder of mode 555; where `nobody` cannot reach this checkout (a clone inside a
 * private folder), the folder is a read-only tmpfs instead (EROFS: the same message for the user).
 */
export const unwritableFolder = async (context: WriteFaultContext): Promise<FaultCheck> => {
  const output = join(context.root, "read-only")
  mkdirSync(output, { recursive: true })
  chmodSync(output, 0o555)
  if (!isRoot)
    return judgeUnwritable("unwritable output folder (chmod 555)", context, output, /permission denied/)
  chmodSync(context.root, 0o755)
  const reason = nobodyCannot(context.input)
  if (reason === undefined)
    return judgeUnwritable(
      "unwritable output folder (chmod 555, as nobody)",
      context,
      output,
      /permission denied/,
      asNobody,
    )
  const name = "unwritable output folder (read-only mount)"
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", output], { stdio: "pipe" })
  } catch (error) {
    return skip(name, `${reason}; and mount -t tmpfs -o ro failed (${String(error).split("\n")[0]})`)
  }
  try {
    return await judgeUnwritable(name, context, output, /read-only file system/)
  } finally {
    execFileSync("umount", [output], { stdio: "pipe" })
  }
}

/** A regular file where the output folder should be (runs for any user). */
export const fileInTheWay = async (context: WriteFaultContext): Promise<FaultCheck> => {
  const parent = join(context.root, "blocked")
  mkdirSync(parent, { recursive: true })
  const blocker = join(parent, "not-a-folder")
  writeFileSync(blocker, "a file, not a folder\n")
  const run = await build(context.input, join(blocker, "dataset"))
  return judgeFailedWrite("a file where the output folder should be", run, /a file stands where/, parent)
}

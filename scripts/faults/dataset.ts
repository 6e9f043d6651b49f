/**
 * `npm run fault:dataset -- [--seed N] [--kills N] [--copies N] [--keep]`: dataset-build faults.
 *
 * 1. Builds a small music folder (every format, plus broken files; see `music-folder.ts`) with
 *    `mirflow preprocess-dataset`, uninterrupted.
 * 2. Builds it again, killed with SIGKILL at `kills` (default 20) seeded random moments and resumed
 *    each time, and checks the final output equals the uninterrupted one byte for byte apart from
 *    timestamps (features JSON, `.npy`, manifest, resume records) with no temporary file left.
 * 3. A full disk, an unwritable output folder and a file in the output folder's place: each must
 *    fail with a clear `OutputWriteError` line and leave no partial files (see `write-faults.ts`).
 *
 * Prints PASS/FAIL per check and exits 1 when any check fails (a skipped check says why).
 *
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { killAndResume } from "./kill-resume.ts"
import { makeFaultInput } from "./music-folder.ts"
import { type FaultCheck, fileInTheWay, fullDisk, unwritableFolder } from "./write-faults.ts"

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    kills: { type: "string", default: "20" },
    copies: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
  },
})
const seed = Number(values.seed)
const kills = Number(values.kills)

const root = mkdtempSync(join(tmpdir(), "mirflow-faults-"))
const input = join(root, "music")
mkdirSync(input)
const files = makeFaultInput(input, Number(values.copies))
const reference = join(root, "reference")
console.log(`Dataset-build faults (seed ${seed}): ${files} files in ${input}`)

const checks: FaultCheck[] = []
try {
  const result = await killAndResume({
    input,
    reference,
    output: join(root, "killed"),
    kills,
    seed,
    onKill: (k) =>
      console.log(
        `  kill (${k.mode}) at ${(k.atMs / 1000).toFixed(2)} s: files done ${k.recordsBefore} → ${k.recordsAfter} of ${k.total}, ${k.tempFilesLeft} temporary files left`,
      ),
  })
  const t = result.timeline
  console.log(
    `  uninterrupted build: ${(t.totalMs / 1000).toFixed(1)} s (output folder at ${(t.startupMs / 1000).toFixed(1)} s, files written from ${(t.firstRecordMs / 1000).toFixed(1)} to ${(t.lastRecordMs / 1000).toFixed(1)} s)`,
  )
  console.log(`  final resumed run: ${result.finalSummary}`)
  const problems = [...result.differences, ...result.tempFiles.map((t) => `temporary file left: ${t}`)]
  checks.push({
    name: `kill -9 at ${kills} random moments, resumed each time`,
    outcome: result.kills.length === kills && problems.length === 0 ? "pass" : "fail",
    detail:
      problems.length > 0
        ? problems.slice(0, 10).join("; ")
        : result.kills.length < kills
          ? `only ${result.kills.length} kills landed before the runs ended`
          : `${result.kills.length} kills (${result.finishedBeforeKill} runs ended before their kill): output equal to the uninterrupted build`,
  })
  const context = { input, root, reference }
  for (const check of [fullDisk, unwritableFolder, fileInTheWay]) checks.push(await check(context))
} finally {
  if (values.keep) console.log(`Kept ${root}`)
  else rmSync(root, { recursive: true, force: true })
}

console.log("")
for (const c of checks) console.log(`${c.outcome.toUpperCase().padEnd(4)}  ${c.name}\n      ${c.detail}`)
const failed = checks.filter((c) => c.outcome === "fail").length
const skipped = checks.filter((c) => c.outcome === "skip").length
console.log(
  `\n${failed === 0 ? "PASS" : "FAIL"}: ${checks.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped`,
)
process.exitCode = failed === 0 ? 0 : 1

/**
 * `npm run fuzz -- [--seed N] [--count N] [--timeout MS] [--only I,J] [--out DIR]`: decoder fuzzing.
 * Decodes `count` (default 10,000) inputs made by mutating, truncating and splicing the audio
 * fixtures and by random bytes, each within `timeout` ms (default 2000) on a supervised worker, and
 * prints counts per outcome, the slowest inputs, the worker's memory along the run, and the findings
 * with the seed and index that reproduce them. Each finding's input is written to `out` (default
 * `.tmp/fuzz/`) with a JSON description. Exits with 1 when there are findings or memory grew.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { runFuzz } from "./engine.ts"
import { formatSummary, memoryGrowth } from "./summary.ts"

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    count: { type: "string", default: "10000" },
    timeout: { type: "string", default: "2000" },
    only: { type: "string" },
    out: { type: "string", default: ".tmp/fuzz" },
  },
})

const seed = Number(values.seed)
const count = Number(values.count)
const only = values.only?.split(",").map(Number)
let lastPrint = 0

const summary = await runFuzz({
  seed,
  count,
  timeoutMs: Number(values.timeout),
  ...(only && {
    only,
    onReport: (input, report, outcome) =>
      console.log(`#${input.index} ${input.recipe}\n  ${outcome.label}: ${JSON.stringify(report)}`),
  }),
  onInput: (done, total) => {
    if (performance.now() - lastPrint > 5000 || done === total) {
      lastPrint = performance.now()
      process.stderr.write(`fuzz: ${done}/${total}\n`)
    }
  },
})

console.log(formatSummary(summary))
if (summary.findings.length > 0) {
  mkdirSync(values.out, { recursive: true })
  for (const f of summary.findings) {
    const base = join(values.out, `seed${seed}-${f.index}`)
    writeFileSync(`${base}.bin`, f.input.bytes)
    const { input, ...described } = f
    writeFileSync(
      `${base}.json`,
      `${JSON.stringify({ seed, ...described, chunkSizes: input.chunkSizes }, null, 2)}\n`,
    )
  }
  console.log(`\nFinding inputs written to ${values.out}/ (seed${seed}-INDEX.bin and .json).`)
}
process.exitCode = summary.findings.length > 0 || memoryGrowth(summary).grew ? 1 : 0

/**
 * Writes `test/fixtures/analysis/pinned.json`: `analyzeSamples` on fixed clips (the synthetic music signal of
 * `test/support/music-signal.ts`, and GTZAN rock's 10 s golden input), so that `test/analysis-pinned.test.ts` can
 * prove a speed-up changes no result. Run it only when a change to the features is intended, and say why in
 * the commit.
 *
 *     npx tsx scripts/pin-analysis.ts
 */
import { writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { analyzeSamples } from "../src/stream/analyze.ts"
import { pinnedClips, summarize } from "../test/support/pinned-analysis.ts"

const out = Object.fromEntries(
  Object.entries(pinnedClips()).map(([name, samples]) => [name, summarize(analyzeSamples(samples))]),
)
const path = fileURLToPath(new URL("../test/fixtures/analysis/pinned.json", import.meta.url))
writeFileSync(path, `${JSON.stringify(out, null, 1)}\n`)
console.log(`wrote ${path}`)

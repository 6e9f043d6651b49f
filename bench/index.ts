/**
 * `npm run bench`: runs every `bench/*.bench.ts` in its own process, one after another (so that
 * figures are not disturbed by each other), or only those whose names contain the arguments:
 * `npm run bench -- fft decode`.
 */
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { fileURLToPath } from "node:url"

const dir = fileURLToPath(new URL(".", import.meta.url))
const filters = process.argv.slice(2)
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()

let failed = 0
for (const file of files) {
  console.log(`\n## ${file.replace(".bench.ts", "")}\n`)
  const run = spawnSync(process.execPath, ["--import", "tsx", `${dir}${file}`], { stdio: "inherit" })
  if (run.status !== 0) failed++
}
if (failed > 0) {
  console.error(`${failed} benchmark(s) failed`)
  process.exit(1)
}

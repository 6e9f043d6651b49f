/**
 * Dataset-build throughput in 30 s clips per second, with one worker and with every core:
 * decoding, analysis (104 features, tempo, key), writing JSON and .npy, and the manifest.
 * Uses 40 clips of ../shared/data/emotify-train (22.05 kHz mono MP3) when present, else 40 copies of
 * the bundled demo (44.1 kHz stereo MP3, which adds resampling).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { availableParallelism, loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { buildDataset } from "../src/stream/dataset/build.ts"
import { figure, machine, table } from "./support.ts"

const CLIPS = 40
const shared = new URL("../../shared/data/emotify-train/audio/", import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), "mirflow-bench-dataset-"))
const input = join(dir, "music")
mkdirSync(input)
let source: string
if (existsSync(shared)) {
  const files = readdirSync(shared)
    .filter((f) => f.endsWith(".mp3"))
    .sort()
    .slice(0, CLIPS)
  for (const f of files) copyFileSync(join(shared, f), join(input, f))
  source = `${files.length} Emotify clips (30 s, 22.05 kHz mono MP3)`
} else {
  const demo = new URL("../examples/audio/demo.mp3", import.meta.url).pathname
  for (let i = 0; i < CLIPS; i++) copyFileSync(demo, join(input, `demo-${i}.mp3`))
  source = `${CLIPS} copies of the demo (30 s, 44.1 kHz stereo MP3); ../shared/data is absent`
}

/**
 * Builds the dataset with `concurrency` workers, noting when each file finishes: the first file of each
 * worker also pays for starting the worker (loading its modules, compiling the hot code), so the steady
 * rate is measured from the moment every worker has finished one file.
 */
const build = async (concurrency: number) => {
  const finished: number[] = []
  const result = await Effect.runPromise(
    buildDataset({
      input,
      output: join(dir, `out-${concurrency}`),
      concurrency,
      onProgress: () => finished.push(performance.now()),
    }).pipe(Effect.provide(NodeServices.layer)),
  )
  const warm = finished[concurrency - 1]!
  const steady = (finished.length - concurrency) / ((finished.at(-1)! - warm) / 1000)
  return { result, steady, firstSeconds: (warm - (finished.at(-1)! - result.elapsedSeconds * 1000)) / 1000 }
}

console.log(`${machine()}; load average ${loadavg()[0]!.toFixed(1)}; ${source}\n`)
const rows: (string | number)[][] = []
const cores = availableParallelism()
for (const concurrency of [1, cores]) {
  const { result, steady, firstSeconds } = await build(concurrency)
  const overall = result.manifest.total_files / result.elapsedSeconds
  const target = concurrency === cores ? "≥ 30 clips/s on 2 cores" : "—"
  rows.push([
    `${concurrency} worker${concurrency > 1 ? "s" : ""}`,
    result.elapsedSeconds.toFixed(1),
    overall.toFixed(1),
    firstSeconds.toFixed(1),
    steady.toFixed(1),
    target,
  ])
  figure({
    area: "dataset",
    name: `dataset build, ${concurrency} worker${concurrency > 1 ? "s" : ""}, steady rate (after start-up)`,
    value: steady,
    unit: "clips/s",
    ...(concurrency === cores ? { target: { atLeast: 30 } } : {}),
  })
}
table(
  [
    "dataset build",
    "seconds",
    "clips/s overall",
    "s to first file per worker (start-up)",
    "clips/s after",
    "target",
  ],
  rows,
)
console.log("\nPeer: librosa (the seed's stack) manages about 1.3 clips/s per core for the same outputs.")
rmSync(dir, { recursive: true, force: true })

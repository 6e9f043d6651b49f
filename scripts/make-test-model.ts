/**
 * Writes the small real model the HTTP tests and development use, `test/fixtures/model/`
 * (`model.onnx` + `model.json`): a tiny network trained for a few epochs on a synthetic dataset
 * (genre ambient/noise/pop, mood calm/tense, BPM from the network, key from the estimator), with
 * the same training and export code as `mirflow train`. Its answers on real music mean nothing; its
 * shapes, heads and card are those of a real model, and it runs in a real ONNX Runtime session.
 *
 *     npx tsx scripts/make-test-model.ts [output folder]
 *
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { loadDataset } from "../src/model/dataset.ts"
import { exportModel } from "../src/model/export-model.ts"
import { defaultTrainModelOptions, trainModel } from "../src/model/train.ts"
import { tinyTraining, writeSyntheticDataset } from "../test/support/synthetic-dataset.ts"

const output = process.argv[2] ?? "test/fixtures/model"
const work = mkdtempSync(join(tmpdir(), "mirflow-test-model-"))
const seed = 7

const program = Effect.gen(function* () {
  const manifest = writeSyntheticDataset(work, {
    clips: 24,
    frames: [140, 200],
    moods: ["calm", "tense"],
    bpm: true,
    seed,
  })
  const { examples } = yield* loadDataset(manifest)
  const training = { ...defaultTrainModelOptions, ...tinyTraining, cropFrames: 128, epochs: 4, seed }
  const outcome = yield* trainModel(examples, training, work)
  const card = yield* exportModel(
    output,
    outcome,
    {
      name: "mirflow-test-model",
      version: "test-1",
      data: "synthetic mel spectrograms from test/support/synthetic-dataset.ts (24 clips); for tests only",
      terms: "none: generated data",
    },
    { seed, device: "cpu" },
  )
  yield* Effect.log(
    `wrote ${output}: heads ${JSON.stringify(card.heads)}, ${card.preprocessing_config.window_frames}-frame windows`,
  )
})

Effect.runPromise(program.pipe(Effect.provide(NodeServices.layer))).finally(() =>
  rmSync(work, { recursive: true, force: true }),
)

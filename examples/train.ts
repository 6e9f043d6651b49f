/**
 * Trains a small model as `mirflow train` does, through the library, then classifies held-out audio
 * with it: build a dataset, train (the training steps are ONNX graphs run by ONNX Runtime), export
 * `model.onnx` + `model.json`, open the model as a classifier.
 *
 *   npm run example examples/train.ts [output-folder]
 *
 * It trains on the tutorial's clips (examples/tutorial-music.ts, written into a temporary folder) for
 * a few epochs: seconds on a laptop. For your own data, build a dataset with `mirflow
 * preprocess-dataset` and pass its manifest to `trainToDirectory` with the default options.
 */
import { mkdtempSync, readdirSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeServices } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { classifierInput, makeClassifier, trainToDirectory } from "mirflow/model"
import { analyzeInput, buildDataset } from "mirflow/stream"
import { writeTutorialMusic } from "./tutorial-music.ts"

const program = Effect.gen(function* () {
  const scratch = mkdtempSync(join(tmpdir(), "mirflow-example-train-"))
  const output = process.argv[2] ?? join(scratch, "model")
  const { music, heldOut } = yield* writeTutorialMusic(scratch)
  const dataset = yield* buildDataset({ input: music, output: join(scratch, "dataset") })

  // The heads follow from the labels: this dataset has genres only, so the network gets a genre head
  // and the model card says the tempo and key estimators answer BPM and key.
  const { outcome, card } = yield* trainToDirectory(dataset.manifestPath, output, {
    training: { epochs: 20, seed: 1 },
    info: {
      name: "tutorial-speakers",
      data: "the tutorial clips of examples/tutorial-music.ts",
      terms: "MIT",
    },
    tty: false,
  })
  const genre = outcome.evaluation.metrics.genre
  yield* Console.log(
    `trained in ${outcome.seconds.total.toFixed(1)} s; validation genre accuracy ${genre?.accuracy.toFixed(2)} on ${genre?.count} clips`,
  )
  yield* Console.log(`wrote ${readdirSync(output).sort().join(", ")} to ${output}`)
  yield* Console.log(
    `classes: ${card.class_mappings.genres?.join(", ")}; heads: ${JSON.stringify(card.heads)}`,
  )

  // The exported model, as a service would load it. The scope closes the ONNX Runtime session.
  yield* Effect.scoped(
    Effect.gen(function* () {
      const classifier = yield* makeClassifier({ modelDirectory: output })
      for (const speaker of card.class_mappings.genres ?? []) {
        const file = join(heldOut, speaker, "demo_6.wav")
        const prediction = yield* classifier.classify(classifierInput(yield* analyzeInput(file)))
        yield* Console.log(
          `held out ${speaker}/demo_6.wav → ${prediction.genre?.label} (${prediction.genre?.confidence.toFixed(2)})`,
        )
      }
    }),
  )
})

Effect.runPromise(program.pipe(Effect.provide(NodeServices.layer))).catch((error) => {
  console.error(String(error))
  process.exitCode = 1
})

/**
 * `mirflow train --data MANIFEST --out DIR`: train a model on a dataset and write `model.onnx`,
 * `model.json`, the JSON-lines log and the HTML report (a thin layer over `trainToDirectory`).
 */
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import { defaultTrainModelOptions } from "../../model/train.ts"
import { TrainingFiles, trainToDirectory } from "../../model/training-run.ts"
import { confusionText, metricsTable } from "../metrics-table.ts"
import { reportFailures } from "../report.ts"

const d = defaultTrainModelOptions

export const train = Command.make(
  "train",
  {
    data: Flag.String("data").pipe(
      Flag.withDescription("The dataset's manifest (mirflow preprocess-dataset writes it)"),
    ),
    out: Flag.String("out").pipe(
      Flag.withDescription("Folder for model.onnx, model.json, the log and the report"),
    ),
    epochs: Flag.Int("epochs").pipe(
      Flag.withDefault(d.epochs),
      Flag.withDescription("Passes over the training clips"),
    ),
    batchSize: Flag.Int("batch-size").pipe(
      Flag.withDefault(d.batchSize),
      Flag.withDescription("Crops per training step"),
    ),
    device: Flag.Literals("device", ["cpu", "cuda", "webgpu"]).pipe(
      Flag.withDefault("cpu"),
      Flag.withDescription("Execution provider of the training step (falls back to cpu, with a warning)"),
    ),
    seed: Flag.Int("seed").pipe(
      Flag.withDefault(d.seed),
      Flag.withDescription("Seed of weights, crops, shuffles and splits"),
    ),
    folds: Flag.Int("folds").pipe(
      Flag.withDefault(0),
      Flag.withDescription(
        "k-fold cross-validation, then a final model on every clip (default: one 20 % validation split)",
      ),
    ),
    threads: Flag.Int("threads").pipe(
      Flag.withDefault(0),
      Flag.withDescription("ONNX Runtime threads (0: one per core)"),
    ),
    name: Flag.String("name").pipe(Flag.optional, Flag.withDescription("Model name written into model.json")),
  },
  (flags) =>
    reportFailures(
      Effect.gen(function* () {
        const { outcome, card } = yield* trainToDirectory(flags.data, flags.out, {
          training: {
            epochs: flags.epochs,
            batchSize: flags.batchSize,
            device: flags.device,
            seed: flags.seed,
            folds: flags.folds,
            threads: flags.threads,
          },
          ...(Option.isSome(flags.name) && { info: { name: flags.name.value } }),
        })
        const evaluation = outcome.evaluation
        yield* Console.log(
          `\n${evaluation.kind === "cross-validation" ? `${evaluation.folds}-fold cross-validation` : "validation split"} (${evaluation.indices.length} clips):`,
        )
        yield* Console.log(metricsTable(evaluation.metrics, card.heads))
        for (const head of ["genre", "mood"] as const) {
          const m = evaluation.metrics[head]
          if (m !== undefined)
            yield* Console.log(
              `\n${head} confusion (rows: labels, columns: predictions)\n${confusionText(m.classes, m.confusion)}`,
            )
        }
        yield* Console.log(
          `\ntrained in ${outcome.seconds.total.toFixed(0)} s (exported model ${outcome.seconds.final.toFixed(0)} s) → ${flags.out}/model.onnx, model.json, ${TrainingFiles.log}, ${TrainingFiles.report}`,
        )
      }),
    ),
).pipe(
  Command.withDescription("Train a genre/mood/BPM/key model on a dataset and export model.onnx + model.json"),
  Command.withExamples([
    {
      command: "mirflow train --data dataset/emotify_manifest.json --out models/mine --folds 5",
      description: "5-fold CV, then the final model",
    },
  ]),
)

/**
 * `mirflow evaluate --model DIR --data MANIFEST [--json]`: a model's answers on a labelled dataset,
 * measured per head (a thin layer over `evaluateModel`).
 */
import { Console, Effect } from "effect"
import { Command, Flag } from "effect/cli"
import { makeClassifier } from "../../model/classifier.ts"
import { loadDataset } from "../../model/dataset.ts"
import { defaultModelDirectory } from "../../model/default-model.ts"
import { evaluateModel } from "../../model/evaluate.ts"
import { metricsReport } from "../../model/export-model.ts"
import { confusionText, metricsTable } from "../metrics-table.ts"
import { reportFailures } from "../report.ts"

export const evaluate = Command.make(
  "evaluate",
  {
    model: Flag.String("model").pipe(
      Flag.withDefault(defaultModelDirectory),
      Flag.withDescription("Model folder (default: the bundled model)"),
    ),
    data: Flag.String("data").pipe(Flag.withDescription("The dataset's manifest")),
    json: Flag.Boolean("json").pipe(
      Flag.withDefault(false),
      Flag.withDescription("Print the metrics as JSON"),
    ),
  },
  (flags) =>
    reportFailures(
      Effect.scoped(
        Effect.gen(function* () {
          const dataset = yield* loadDataset(flags.data)
          const classifier = yield* makeClassifier({ modelDirectory: flags.model })
          const { metrics } = yield* evaluateModel(classifier, dataset.examples)
          if (flags.json) {
            yield* Console.log(
              JSON.stringify(
                {
                  model: classifier.card.name,
                  data: flags.data,
                  clips: metrics.clips,
                  heads: classifier.card.heads,
                  ...metricsReport(metrics),
                },
                null,
                2,
              ),
            )
            return
          }
          yield* Console.log(
            `${classifier.card.name} ${classifier.card.version} on ${dataset.manifest.dataset_name} (${metrics.clips} clips)`,
          )
          yield* Console.log(metricsTable(metrics, classifier.card.heads))
          for (const head of ["genre", "mood"] as const) {
            const m = metrics[head]
            if (m !== undefined)
              yield* Console.log(
                `\n${head} confusion (rows: labels, columns: predictions)\n${confusionText(m.classes, m.confusion)}`,
              )
          }
        }),
      ),
    ),
).pipe(
  Command.withDescription(
    "Measure a model on a labelled dataset: accuracy, macro-F1, confusion; tempo Acc1/Acc2; key MIREX",
  ),
  Command.withExamples([
    {
      command: "mirflow evaluate --model models/mine --data dataset/test_manifest.json",
      description: "metrics table",
    },
  ]),
)

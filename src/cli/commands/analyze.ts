/**
 * `mirflow analyze FILE [--json]`: one file's features, tempo and key. `--json` prints exactly what the
 * dataset build writes to `features/{name}_features.json`.
 */
import { basename } from "node:path"
import { Console, Effect } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { featureTable } from "../../schema/features.ts"
import { analyzeInput } from "../../stream/analyze.ts"
import { featuresFileOf } from "../../stream/dataset/process-file.ts"
import { reportFailures } from "../report.ts"

const format = (value: number): string =>
  Math.abs(value) >= 1000 || (Math.abs(value) < 0.001 && value !== 0)
    ? value.toExponential(3)
    : value.toFixed(4)

export const analyze = Command.make(
  "analyze",
  {
    file: Argument.String("file").pipe(Argument.withDescription("Audio file, or - for standard input")),
    json: Flag.Boolean("json").pipe(
      Flag.withDefault(false),
      Flag.withDescription("Print the features file as JSON"),
    ),
  },
  ({ file, json }) =>
    reportFailures(
      Effect.gen(function* () {
        const analysis = yield* analyzeInput(file === "-" ? process.stdin : file)
        const name = file === "-" ? "stdin" : basename(file)
        if (json) {
          yield* Console.log(JSON.stringify(yield* featuresFileOf(analysis, name), null, 2))
          return
        }
        const { info, tempo, key } = analysis
        yield* Console.log(
          `${name}: ${analysis.duration.toFixed(2)} s, ${info.container}/${info.codec} ${info.sampleRate} Hz, ${info.channels} ch${analysis.truncated ? " (truncated)" : ""}`,
        )
        yield* Console.log(
          `tempo ${tempo.bpm.toFixed(1)} BPM (confidence ${tempo.confidence.toFixed(2)}, runner-up ${tempo.runnerUp.toFixed(1)})`,
        )
        yield* Console.log(`key   ${key.label} (confidence ${key.confidence.toFixed(2)})`)
        let category = ""
        for (const f of featureTable) {
          if (f.category !== category) {
            category = f.category
            yield* Console.log(`\n${category}`)
          }
          yield* Console.log(`  ${f.name.padEnd(28)} ${format(analysis.features[f.name])}`)
        }
      }),
    ),
).pipe(
  Command.withDescription("Print one audio file's 104 features, tempo and key"),
  Command.withExamples([
    { command: "mirflow analyze song.mp3 --json", description: "the features file as JSON" },
  ]),
)

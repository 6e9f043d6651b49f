/**
 * `mirflow classify FILE... [--model DIR] [--json]`: genre, mood, tempo and key of audio files, one
 * line per file (one JSON object per line with `--json`).
 */
import { Console, Effect } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import {
  type ClassPrediction,
  classifierInput,
  makeClassifier,
  type Prediction,
} from "../../model/classifier.ts"
import { defaultModelDirectory } from "../../model/default-model.ts"
import { analyzeInput } from "../../stream/analyze.ts"
import { reportFailures } from "../report.ts"

const round = (x: number, digits = 4) => Number(x.toFixed(digits))

const classJson = (p: ClassPrediction) => ({
  label: p.label,
  confidence: round(p.confidence),
  top3: p.top3.map((s) => ({ label: s.label, confidence: round(s.confidence) })),
})

/** The JSON line of one file. */
export const predictionJson = (file: string, p: Prediction, seconds: number, duration: number) => ({
  file,
  ...(p.genre !== undefined && { genre: classJson(p.genre) }),
  ...(p.mood !== undefined && { mood: classJson(p.mood) }),
  ...(p.bpm !== undefined && {
    bpm: { value: round(p.bpm.value, 1), confidence: round(p.bpm.confidence), source: p.bpm.source },
  }),
  ...(p.key !== undefined && { key: { ...classJson(p.key), source: p.key.source } }),
  duration: round(duration, 2),
  processing_time: round(seconds),
})

const text = (file: string, p: Prediction, seconds: number): string => {
  const c = (name: string, x: ClassPrediction | undefined) =>
    x === undefined ? "" : `  ${name} ${x.label} (${x.confidence.toFixed(2)})`
  const bpm = p.bpm === undefined ? "" : `  bpm ${p.bpm.value.toFixed(1)}`
  return `${file}:${c("genre", p.genre)}${c("mood", p.mood)}${bpm}${c("key", p.key)}  [${(seconds * 1000).toFixed(0)} ms]`
}

export const classify = Command.make(
  "classify",
  {
    files: Argument.String("file").pipe(
      Argument.variadic({ min: 1 }),
      Argument.withDescription("Audio files"),
    ),
    model: Flag.String("model").pipe(
      Flag.withDefault(defaultModelDirectory),
      Flag.withDescription("Model folder (default: the bundled model)"),
    ),
    json: Flag.Boolean("json").pipe(
      Flag.withDefault(false),
      Flag.withDescription("One JSON object per line"),
    ),
  },
  (flags) =>
    reportFailures(
      Effect.scoped(
        Effect.gen(function* () {
          const classifier = yield* makeClassifier({ modelDirectory: flags.model })
          for (const file of flags.files) {
            const started = performance.now()
            const analysis = yield* analyzeInput(file)
            const prediction = yield* classifier.classify(classifierInput(analysis))
            const seconds = (performance.now() - started) / 1000
            yield* Console.log(
              flags.json
                ? JSON.stringify(predictionJson(file, prediction, seconds, analysis.duration))
                : text(file, prediction, seconds),
            )
          }
        }),
      ),
    ),
).pipe(
  Command.withDescription("Predict genre, mood, tempo and key of audio files with a trained model"),
  Command.withExamples([
    { command: "mirflow classify song.mp3 --json", description: "one JSON object per file" },
  ]),
)

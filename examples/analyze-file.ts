/**
 * Analyses one audio file as `mirflow analyze` does, through the library: decode, mix to mono,
 * resample to 22050 Hz, then the mel spectrogram, tempo, key and the feature table — and shows how
 * the typed errors of a file that cannot be analysed are caught by their tag.
 *
 *   npm run example examples/analyze-file.ts [file]     (default: the bundled demo)
 */
import { Console, Effect } from "effect"
import { featureTable } from "mirflow/schema"
import { analyzeInput } from "mirflow/stream"

const file = process.argv[2] ?? new URL("audio/demo.mp3", import.meta.url).pathname

const program = Effect.gen(function* () {
  const analysis = yield* analyzeInput(file)
  const { info, tempo, key, mel, features } = analysis
  yield* Console.log(
    `${file}\n  ${info.container}/${info.codec}, ${info.sampleRate} Hz, ${info.channels} channel(s), ${analysis.duration.toFixed(2)} s`,
  )
  yield* Console.log(`  tempo ${tempo.bpm.toFixed(1)} BPM (confidence ${tempo.confidence.toFixed(2)})`)
  yield* Console.log(`  key   ${key.label} (confidence ${key.confidence.toFixed(2)})`)
  yield* Console.log(`  beats ${analysis.beats.length}, onsets ${analysis.onsets.length}`)
  // The mel spectrogram is frame-major: frame t, band m at mel.data[t * mel.bins + m].
  yield* Console.log(`  mel spectrogram ${mel.frames} frames × ${mel.bins} bands (hop 512 at 22050 Hz)`)
  // A few of the feature table's values (docs/features.md describes all of them).
  for (const spec of featureTable.filter((f) => f.category === "spectral").slice(0, 4))
    yield* Console.log(`  ${spec.name.padEnd(26)} ${features[spec.name].toFixed(2)}`)
})

// Every failure of analyzeInput is a tagged error with a message a user can act on; catch the ones a
// caller can explain, let the others through.
const explain = (line: string) =>
  Effect.sync(() => {
    console.error(line)
    process.exitCode = 1
  })
const handled = program.pipe(
  Effect.catchTags({
    AudioReadError: (e) => explain(`cannot read the file: ${e.message}`),
    UnsupportedFormat: (e) =>
      explain(`not audio mirflow decodes (it looks like ${e.looksLike}): ${e.message}`),
  }),
)

Effect.runPromise(handled).catch((error) => {
  console.error(String(error))
  process.exitCode = 1
})

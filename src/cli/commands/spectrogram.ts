/**
 * `mirflow spectrogram FILE -o OUT.npy [--db]`: the mel spectrogram of one audio file (any format
 * mirflow decodes, or `-` for standard input), resampled to 22050 Hz mono, as a `(128, frames)`
 * float32 NumPy array: mel power, or decibels with `--db` (librosa's `power_to_db(S, ref=1.0,
 * top_db=80)` over the whole clip).
 */
import { Effect } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { powerToDb } from "../../dsp/db.ts"
import { toBinMajor } from "../../dsp/matrix.ts"
import { encodeNpy } from "../../dsp/npy.ts"
import { writeFileAtomic } from "../../stream/files/atomic.ts"
import { collectMel, melStream } from "../../stream/pipeline.ts"
import { reportFailures } from "../report.ts"

export const spectrogram = Command.make(
  "spectrogram",
  {
    file: Argument.String("file").pipe(
      Argument.withDescription("Audio file to analyse, or - for standard input"),
    ),
    output: Flag.String("output").pipe(
      Flag.withAlias("o"),
      Flag.withDescription("Where to write the .npy array"),
    ),
    db: Flag.Boolean("db").pipe(
      Flag.withDefault(false),
      Flag.withDescription("Write decibels (ref 1, top_db 80) instead of power"),
    ),
  },
  ({ file, output, db }) =>
    reportFailures(
      Effect.gen(function* () {
        const mel = yield* collectMel(melStream(file === "-" ? process.stdin : file))
        const values = db ? powerToDb(mel) : mel
        const npy = encodeNpy({ dtype: "<f4", shape: [values.bins, values.frames], data: toBinMajor(values) })
        yield* writeFileAtomic(output, npy)
      }),
    ),
).pipe(
  Command.withDescription("Write the 128-band mel spectrogram of an audio file as a NumPy .npy array"),
  Command.withExamples([
    { command: "mirflow spectrogram song.mp3 -o song.npy", description: "mel power, shape (128, frames)" },
    {
      command: "cat song.flac | mirflow spectrogram - -o song.npy --db",
      description: "from standard input, in dB",
    },
  ]),
)

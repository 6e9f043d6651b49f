/**
 * Errors of the signal stages (`src/stream/stages`): samples that cannot be analysed.
 *
 * @module
 */
import { Schema } from "effect"

/** The audio holds NaN or infinite samples (a broken float WAV, a faulty producer). */
export class InvalidSamples extends Schema.TaggedError<InvalidSamples>()("InvalidSamples", {
  /** Position of the first bad sample, in samples from the start of the stream. */
  at: Schema.Int,
  message: Schema.String,
}) {}

/** A stream changed its sample rate or channel layout in the middle. */
export class StreamLayoutChanged extends Schema.TaggedError<StreamLayoutChanged>()("StreamLayoutChanged", {
  message: Schema.String,
}) {}

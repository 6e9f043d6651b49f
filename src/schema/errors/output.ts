/**
 * Errors of writing results (spectrograms, features files, manifests, models).
 *
 * @module
 */
import { Schema } from "effect"

/** A result could not be written: a full disk, an unwritable folder, a path that is a directory. */
export class OutputWriteError extends Schema.TaggedError<OutputWriteError>()("OutputWriteError", {
  path: Schema.String,
  message: Schema.String,
}) {}

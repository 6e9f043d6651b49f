/**
 * Errors that stop a dataset build before it starts (a file that fails is recorded in the manifest's
 * `errors` instead, and the build goes on).
 *
 * @module
 */
import { Schema } from "effect"

/** The input folder is missing, is not a folder, or holds no audio files. */
export class DatasetInputError extends Schema.TaggedError<DatasetInputError>()("DatasetInputError", {
  path: Schema.String,
  message: Schema.String,
}) {}

/** The labels CSV is missing, unreadable, or lacks a `file` column; or one of its values is invalid. */
export class LabelsInvalid extends Schema.TaggedError<LabelsInvalid>()("LabelsInvalid", {
  path: Schema.String,
  message: Schema.String,
}) {}

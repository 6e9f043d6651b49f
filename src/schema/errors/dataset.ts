/**
 * Errors met when reading a dataset (a manifest and the files it lists).
 *
 * @module
 */
import { Schema } from "effect"

/** The manifest is missing, is not JSON, or does not match the manifest schema. */
export class ManifestInvalid extends Schema.TaggedError<ManifestInvalid>()("ManifestInvalid", {
  path: Schema.String,
  message: Schema.String,
}) {}

/** A file the manifest lists is missing or unreadable. */
export class DatasetFileMissing extends Schema.TaggedError<DatasetFileMissing>()("DatasetFileMissing", {
  path: Schema.String,
  message: Schema.String,
}) {}

/** A file the manifest lists exists but holds something else than its format says. */
export class DatasetFileInvalid extends Schema.TaggedError<DatasetFileInvalid>()("DatasetFileInvalid", {
  path: Schema.String,
  message: Schema.String,
}) {}

export type DatasetError = ManifestInvalid | DatasetFileMissing | DatasetFileInvalid

/**
 * Errors of audio decoding (`src/stream/decode`). Each carries a `message` a user can act on and the
 * structured fields a program needs to react (an HTTP status, a CLI exit code, a skipped dataset row).
 *
 * @module
 */
import { Schema } from "effect"

/**
 * The bytes are not audio in a format mirflow decodes. `looksLike` says what they resemble, judged
 * from the bytes and never the file name: `"text"`, `"HTML"`, `"ZIP archive"`, `"AIFF audio"`,
 * `"WAV with IMA ADPCM samples"`, `"unknown binary data"`...
 */
export class UnsupportedFormat extends Schema.TaggedError<UnsupportedFormat>()("UnsupportedFormat", {
  looksLike: Schema.String,
  message: Schema.String,
}) {}

/**
 * The format was recognised but its data cannot be decoded (a broken header, a codec error). `cause`
 * holds the codec's own error when there is one, for bug reports; the message is the one to show.
 */
export class CorruptAudio extends Schema.TaggedError<CorruptAudio>()("CorruptAudio", {
  format: Schema.String,
  message: Schema.String,
  cause: Schema.optionalKey(Schema.Defect()),
}) {}

/**
 * The input ends before any audio could be decoded (inside the header, or an MP4 without its index).
 * A file cut short after some valid audio is not an error: decoding returns that audio and reports
 * `truncated`, unless asked to fail (`onTruncated: "fail"`), which raises this error too.
 */
export class TruncatedAudio extends Schema.TaggedError<TruncatedAudio>()("TruncatedAudio", {
  format: Schema.String,
  message: Schema.String,
}) {}

/** The input holds no audio samples: zero bytes, or a valid header followed by no samples. */
export class EmptyAudio extends Schema.TaggedError<EmptyAudio>()("EmptyAudio", {
  message: Schema.String,
}) {}

/**
 * The audio is longer than the configured limit (`maxDuration`). `declared` tells whether the header
 * said so (nothing was decoded) or decoding found it (decoding stopped at the limit).
 */
export class AudioTooLong extends Schema.TaggedError<AudioTooLong>()("AudioTooLong", {
  duration: Schema.Finite,
  maxDuration: Schema.Finite,
  declared: Schema.Boolean,
  message: Schema.String,
}) {}

/** The input could not be read: a missing file, a permission, a stream that failed. */
export class AudioReadError extends Schema.TaggedError<AudioReadError>()("AudioReadError", {
  source: Schema.String,
  message: Schema.String,
  cause: Schema.optionalKey(Schema.Defect()),
}) {}

/** Every error decoding can end with. */
export type DecodeError =
  | UnsupportedFormat
  | CorruptAudio
  | TruncatedAudio
  | EmptyAudio
  | AudioTooLong
  | AudioReadError

/** Formats seconds for messages: `"2 h 03 min"`, `"4 min 10 s"`, `"12.5 s"`. */
export const formatSeconds = (seconds: number): string => {
  if (seconds >= 3600) {
    const h = Math.floor(seconds / 3600)
    return `${h} h ${String(Math.floor((seconds - h * 3600) / 60)).padStart(2, "0")} min`
  }
  if (seconds >= 60) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
  return `${Math.round(seconds * 10) / 10} s`
}

/** An `AudioTooLong` with its message. */
export const audioTooLong = (duration: number, maxDuration: number, declared: boolean): AudioTooLong =>
  new AudioTooLong({
    duration,
    maxDuration,
    declared,
    message: `${declared ? "The header declares" : "Decoding found more than"} ${formatSeconds(duration)} of audio; the limit is ${formatSeconds(maxDuration)}. Trim the audio, or raise maxDuration.`,
  })

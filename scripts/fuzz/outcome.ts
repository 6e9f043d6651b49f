/**
 * What decoding one fuzz input ended with, and which outcomes are findings. An input must end with
 * audio (at a positive rate, with at least one channel, all channels of equal length) or with one of
 * decoding's typed errors and a message a user can act on. A defect, an error of another type, a
 * typed error that only wraps an internal JavaScript or WebAssembly error (a RangeError from reading
 * past a buffer, a WASM trap), a hang or a crash are findings.
 *
 * @module
 */

/** The typed errors decoding may end with (`src/schema/errors/decode.ts`). */
export const TYPED_ERRORS = [
  "UnsupportedFormat",
  "CorruptAudio",
  "TruncatedAudio",
  "EmptyAudio",
  "AudioTooLong",
  "AudioReadError",
] as const

/** Errors that mean a bug in mirflow or in a codec, not a damaged file, when they cause a typed error. */
const INTERNAL_ERRORS = new Set(["RangeError", "TypeError", "ReferenceError", "RuntimeError", "CompileError"])

/** Reported by the decoding worker for one input. */
export type DecodeReport =
  | {
      readonly kind: "audio"
      readonly sampleRate: number
      readonly channels: number
      readonly frames: number
      readonly truncated: boolean
      /** NaN or infinite samples (a float WAV may hold them: they are data, not a decoding failure). */
      readonly nonFinite: number
      /** A broken invariant of the decoded audio, if any. */
      readonly invalid?: string
      readonly ms: number
    }
  | {
      readonly kind: "error"
      readonly tag: string
      readonly message: string
      /** Constructor name and message of the error a typed error wraps. */
      readonly cause?: { readonly name: string; readonly message: string }
      readonly ms: number
    }
  | { readonly kind: "defect"; readonly message: string; readonly ms: number }

/** The outcome of one input as counted in the summary. */
export type Outcome =
  | { readonly kind: "ok"; readonly label: string }
  | { readonly kind: "finding"; readonly label: string; readonly detail: string }

/** Shortest message we accept as one a user can act on. */
const MIN_MESSAGE = 20

export const classify = (report: DecodeReport): Outcome => {
  switch (report.kind) {
    case "audio":
      if (report.invalid !== undefined) {
        return { kind: "finding", label: "invalid audio", detail: report.invalid }
      }
      return { kind: "ok", label: report.truncated ? "audio (truncated)" : "audio" }
    case "defect":
      return { kind: "finding", label: "defect", detail: report.message }
    case "error": {
      if (!(TYPED_ERRORS as ReadonlyArray<string>).includes(report.tag)) {
        return { kind: "finding", label: `untyped error ${report.tag}`, detail: report.message }
      }
      if (report.cause !== undefined && INTERNAL_ERRORS.has(report.cause.name)) {
        return {
          kind: "finding",
          label: `${report.tag} wrapping ${report.cause.name}`,
          detail: `${report.cause.name}: ${report.cause.message} (shown as: ${report.message})`,
        }
      }
      if (report.message.length < MIN_MESSAGE) {
        return { kind: "finding", label: `${report.tag} with a terse message`, detail: report.message }
      }
      return { kind: "ok", label: report.tag }
    }
  }
}

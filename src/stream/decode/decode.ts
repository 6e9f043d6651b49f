/**
 * Decoding audio from any input (file, bytes, Node or web stream, Effect stream) into an Effect stream
 * of planar PCM chunks at the file's own rate. The format is recognised from the bytes; each format
 * has one decoder (see `format-decoders.ts`), so the same file gives the same samples whether it is
 * read from disk, from memory or piped through standard input.
 *
 * @module
 */
import type { Array as Arr, Scope } from "effect"
import { Cause, Deferred, Effect, Stream } from "effect"
import type { AudioInfo } from "../../schema/audio-info.ts"
import { CorruptAudio, type DecodeError, EmptyAudio, TruncatedAudio } from "../../schema/errors/decode.ts"
import { concatPcm, type PcmChunk } from "../pcm.ts"
import { byteSource } from "./byte-source.ts"
import { DecodeSession } from "./decode-session.ts"
import { createFormatDecoder } from "./format-decoders.ts"
import { type AudioInput, inputBytes } from "./input.ts"
import { readHead } from "./read-head.ts"

/** Options of `openAudio`, `decodeAudio` and `decodeAll`. */
export interface DecodeOptions {
  /**
   * Longest audio accepted, in seconds. Default 7200 (2 hours). Checked from the header when it
   * declares a length (nothing is decoded then), and while decoding otherwise: a small file that
   * decodes to hours (silence compresses to almost nothing) stops at the limit.
   */
  readonly maxDuration?: number
  /**
   * What to do when the input ends before the end its container announces: `"keep"` (default) returns
   * the audio decoded so far, logs a warning and reports `truncated`; `"fail"` fails with
   * `TruncatedAudio`.
   */
  readonly onTruncated?: "keep" | "fail"
}

export const defaultDecodeOptions = { maxDuration: 7200, onTruncated: "keep" } as const

/** How a decoded stream ended. */
export interface DecodeOutcome {
  /** Frames (samples per channel) decoded. */
  readonly frames: number
  /** The input ended before the end its container announced; the audio is what was valid. */
  readonly truncated: boolean
}

/** An input whose header has been read: its metadata, and its audio as a stream. */
export interface OpenedAudio<E = never> {
  readonly info: AudioInfo
  /** The decoded audio. Valid within the scope of `openAudio`; pull it once. */
  readonly chunks: Stream.Stream<PcmChunk, DecodeError | E>
  /** Completes when `chunks` has been pulled to its end. */
  readonly outcome: Effect.Effect<DecodeOutcome>
}

/** A whole decoded input. */
export interface DecodedAudio {
  readonly info: AudioInfo
  readonly sampleRate: number
  /** One array per channel. */
  readonly channels: ReadonlyArray<Float32Array>
  readonly truncated: boolean
}

/**
 * Reads an input's header and returns its metadata with its audio as a stream, decoded as it is pulled
 * (memory stays constant for every format but MP4 with its index at the end). The metadata is known
 * after the first bytes (for an MP4 with its index at the end, after the last).
 * librosa: `soundfile.info(path)` + `soundfile.blocks(path)`, for any format.
 *
 * @param input - a file path, bytes, a Node readable (`process.stdin`), a web `ReadableStream`, or an
 *   Effect stream of byte chunks
 * @param options - `maxDuration` (default 7200 s), `onTruncated` (default `"keep"`)
 */
export const openAudio = <E = never, R = never>(
  input: AudioInput<E, R>,
  options: DecodeOptions = {},
): Effect.Effect<OpenedAudio<E>, DecodeError | E, R | Scope.Scope> =>
  Effect.gen(function* () {
    const { maxDuration, onTruncated } = { ...defaultDecodeOptions, ...options }
    const next = byteSource(yield* Stream.toPull(inputBytes(input)))
    const head = yield* readHead(next)
    const decoder = yield* Effect.acquireRelease(
      Effect.promise(() => createFormatDecoder(head.format)),
      (d) => Effect.sync(() => d.free()),
    )
    const session = new DecodeSession(head.format, decoder, maxDuration)
    const outcome = yield* Deferred.make<DecodeOutcome>()
    session.enqueue(head.bytes)
    let pending: PcmChunk[] = []
    let finished = false

    /** Ends the input: emits the tail, reports truncation, fails on an input without audio. */
    const finish = Effect.gen(function* () {
      finished = true
      const end = yield* session.finish()
      pending.push(...end.chunks)
      if (session.frames === 0) {
        return yield* end.truncated
          ? new TruncatedAudio({
              format: head.format,
              message: `The ${session.formatName} file ends before its first complete audio frame.`,
            })
          : new EmptyAudio({ message: `The ${session.formatName} file holds no audio samples.` })
      }
      if (end.truncated) {
        const message = `The ${session.formatName} input ends before the end its header announces: it was probably cut off.`
        if (onTruncated === "fail") return yield* new TruncatedAudio({ format: head.format, message })
        yield* Effect.logWarning(
          `${message} Decoded the ${(session.frames / (session.info?.sampleRate ?? 1)).toFixed(2)} s that are valid.`,
        )
      }
      yield* Deferred.succeed(outcome, { frames: session.frames, truncated: end.truncated })
    })

    /** One step: decode a piece of what was received, or receive more, or end. */
    const step = Effect.gen(function* () {
      if (session.hasBacklog) pending.push(...(yield* session.decodeNext()))
      else {
        const bytes = yield* next // keeps answering undefined once the input has ended
        if (bytes === undefined) yield* finish
        else session.enqueue(bytes)
      }
    })

    // Read until the header has given the metadata.
    while (session.info === undefined && !finished) yield* step
    const info = session.info
    if (info === undefined) {
      return yield* new CorruptAudio({
        format: head.format,
        message: `The ${session.formatName} header could not be read.`,
      })
    }

    const pull: Effect.Effect<Arr.NonEmptyReadonlyArray<PcmChunk>, DecodeError | E | Cause.Done> = Effect.gen(
      function* () {
        for (;;) {
          if (pending.length > 0) {
            const out = pending as unknown as Arr.NonEmptyReadonlyArray<PcmChunk>
            pending = []
            return out
          }
          if (finished) return yield* Cause.done()
          yield* step
        }
      },
    )
    return { info, chunks: Stream.fromPull(Effect.succeed(pull)), outcome: Deferred.await(outcome) }
  })

/**
 * The decoded audio of an input as a stream of PCM chunks (see `openAudio`).
 * librosa: `soundfile.blocks(path)` at the file's own rate.
 */
export const decodeAudio = <E = never, R = never>(
  input: AudioInput<E, R>,
  options: DecodeOptions = {},
): Stream.Stream<PcmChunk, DecodeError | E, R> =>
  Stream.unwrap(Effect.map(openAudio(input, options), (opened) => opened.chunks))

/**
 * Decodes a whole input into one array per channel, at the file's own rate.
 * librosa: `librosa.load(path, sr=None, mono=False)`.
 */
export const decodeAll = <E = never, R = never>(
  input: AudioInput<E, R>,
  options: DecodeOptions = {},
): Effect.Effect<DecodedAudio, DecodeError | E, R> =>
  Effect.scoped(
    Effect.gen(function* () {
      const opened = yield* openAudio(input, options)
      const chunks = yield* Stream.runCollect(opened.chunks)
      const { truncated } = yield* opened.outcome
      const pcm = concatPcm(chunks, opened.info.sampleRate)
      return { info: opened.info, sampleRate: pcm.sampleRate, channels: pcm.channels, truncated }
    }),
  )

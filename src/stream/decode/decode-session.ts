/**
 * Drives one `FormatDecoder` from Effect: feeds it bounded pieces, turns its throws into typed errors,
 * counts the decoded frames against the duration limit, and bounds the size of the chunks it emits.
 *
 * @module
 */
import { Effect } from "effect"
import type { AudioInfo } from "../../schema/audio-info.ts"
import {
  AudioReadError,
  AudioTooLong,
  audioTooLong,
  CorruptAudio,
  type DecodeError,
  EmptyAudio,
  TruncatedAudio,
  UnsupportedFormat,
} from "../../schema/errors/decode.ts"
import { type PcmChunk, pcmFrames } from "../pcm.ts"
import type { DecoderEnd, FormatDecoder } from "./format-decoder.ts"
import { feedLimit } from "./format-decoders.ts"
import type { DecodableFormat } from "./sniff.ts"

/** Frames per emitted chunk at most (1.5 s at 44.1 kHz): larger decoder outputs are cut into views. */
export const MAX_CHUNK_FRAMES = 65536

const FORMAT_NAMES: Record<DecodableFormat, string> = {
  wav: "WAV",
  w64: "Wave64",
  mp3: "MP3",
  flac: "FLAC",
  "ogg-vorbis": "Ogg Vorbis",
  "ogg-opus": "Opus",
  mp4: "MP4/M4A",
}

const isDecodeError = (error: unknown): error is DecodeError =>
  error instanceof UnsupportedFormat ||
  error instanceof CorruptAudio ||
  error instanceof TruncatedAudio ||
  error instanceof EmptyAudio ||
  error instanceof AudioTooLong ||
  error instanceof AudioReadError

/** Cuts chunks longer than `MAX_CHUNK_FRAMES` into views of at most that many frames. */
const bounded = (chunks: ReadonlyArray<PcmChunk>): PcmChunk[] =>
  chunks.flatMap((chunk) => {
    const frames = pcmFrames(chunk)
    if (frames <= MAX_CHUNK_FRAMES) return [chunk]
    const parts: PcmChunk[] = []
    for (let at = 0; at < frames; at += MAX_CHUNK_FRAMES) {
      parts.push({
        sampleRate: chunk.sampleRate,
        channels: chunk.channels.map((c) => c.subarray(at, at + MAX_CHUNK_FRAMES)),
      })
    }
    return parts
  })

/**
 * Audio one piece of input may decode to, about: at most this many frames and seconds. The duration
 * limit is checked between pieces, so this bounds what a decompression bomb (a FLAC block of silence:
 * 65,535 frames in ~20 bytes, three hours in 27 kB) decodes past the limit, and the memory one piece
 * takes.
 */
const FRAMES_PER_PIECE = 1 << 20
const SECONDS_PER_PIECE = 30

/**
 * Pieces until the first audio comes out: room for a header, yet a bomb's first audio piece decodes
 * to minutes, not hours (a header may be followed by kilobytes of padding or a cover picture, so the
 * pieces do not grow before). Pieces then at most double from one to the next. Small pieces cost
 * nothing measurable: the codecs' work is per byte.
 */
const FIRST_PIECE_BYTES = 1024

/**
 * Sample rates accepted from a header. Outside, the header is damaged or hostile: a WAV declaring
 * 4 GHz would "decode" to microseconds, and one declaring 1 Hz would be resampled into hours.
 * 768 kHz is the highest rate of studio converters; 1 kHz is far below any music recording.
 */
const MIN_SAMPLE_RATE = 1000
const MAX_SAMPLE_RATE = 768_000

/** The smallest piece, so that a file of silence still moves along at a sane number of calls. */
const MIN_PIECE_BYTES = 64

export class DecodeSession {
  /** Frames decoded so far. */
  frames = 0
  private readonly format: DecodableFormat
  private readonly decoder: FormatDecoder
  private readonly maxDuration: number
  private backlog: Uint8Array = new Uint8Array(0)
  private backlogAt = 0
  private lastPieceBytes = 0
  /**
   * Frames per input byte of the recent pieces: the latest piece's, or half the previous estimate if
   * higher (it follows a burst of silence at once, and music again within a few pieces).
   */
  private framesPerByte = 0

  constructor(format: DecodableFormat, decoder: FormatDecoder, maxDuration: number) {
    this.format = format
    this.decoder = decoder
    this.maxDuration = maxDuration
  }

  get info(): AudioInfo | undefined {
    return this.decoder.info
  }

  /** Human name of the format, for messages. */
  get formatName(): string {
    return FORMAT_NAMES[this.format]
  }

  /** Input bytes received and not yet decoded. */
  get hasBacklog(): boolean {
    return this.backlogAt < this.backlog.length
  }

  /** Queues input bytes; `decodeNext` decodes them piece by piece. Call only when there is no backlog. */
  enqueue(bytes: Uint8Array): void {
    this.backlog = bytes
    this.backlogAt = 0
  }

  /**
   * Decodes the next piece of the backlog, so that the first audio comes out after one piece and the
   * duration limit is checked between pieces. A piece is at most the format's feed limit, and smaller
   * when the input decodes to much audio per byte (see `FRAMES_PER_PIECE`).
   */
  decodeNext(): Effect.Effect<PcmChunk[], DecodeError> {
    const piece = this.backlog.subarray(this.backlogAt, this.backlogAt + this.pieceBytes())
    this.backlogAt += piece.length
    this.lastPieceBytes = piece.length
    const self = this
    return Effect.gen(function* () {
      yield* self.checkHeader()
      const decoded = yield* self.call(() => self.decoder.push(piece))
      yield* self.checkHeader()
      const frames = decoded.reduce((sum, chunk) => sum + pcmFrames(chunk), 0)
      self.framesPerByte = Math.max(frames / Math.max(piece.length, 1), self.framesPerByte / 2)
      return yield* self.account(decoded)
    })
  }

  /** Bytes to feed next. */
  private pieceBytes(): number {
    const limit = feedLimit(this.format)
    if (this.frames === 0) return Math.min(FIRST_PIECE_BYTES, limit)
    const budget = Math.min(FRAMES_PER_PIECE, (this.info?.sampleRate ?? 48000) * SECONDS_PER_PIECE)
    const byRatio = Math.floor(budget / Math.max(this.framesPerByte, 1e-9))
    return Math.max(MIN_PIECE_BYTES, Math.min(limit, 2 * this.lastPieceBytes, byRatio))
  }

  /** Ends the input: the decoder's tail and whether the input was cut short. */
  finish(): Effect.Effect<DecoderEnd, DecodeError> {
    const self = this
    return Effect.gen(function* () {
      // An MP4 whose index came with the last bytes is decoded whole by `end`: check its length first.
      yield* self.checkHeader()
      const end = yield* self.call(() => self.decoder.end())
      return { chunks: yield* self.account(end.chunks), truncated: end.truncated }
    })
  }

  /**
   * Fails when the header declares an impossible sample rate, or more audio than the limit allows:
   * checked before and after each piece, so that nothing more is decoded once the header is known.
   */
  private checkHeader(): Effect.Effect<void, AudioTooLong | CorruptAudio> {
    const info = this.decoder.info
    if (info === undefined) return Effect.void
    if (!(info.sampleRate >= MIN_SAMPLE_RATE && info.sampleRate <= MAX_SAMPLE_RATE)) {
      return Effect.fail(
        new CorruptAudio({
          format: this.format,
          message: `The ${this.formatName} header is invalid: it declares a sample rate of ${info.sampleRate} Hz; audio lies between ${MIN_SAMPLE_RATE} Hz and ${MAX_SAMPLE_RATE / 1000} kHz.`,
        }),
      )
    }
    const duration = info.duration
    return duration !== undefined && duration > this.maxDuration
      ? Effect.fail(audioTooLong(duration, this.maxDuration, true))
      : Effect.void
  }

  private call<A>(f: () => A | Promise<A>): Effect.Effect<A, DecodeError> {
    return Effect.tryPromise({
      try: async () => f(),
      catch: (error) =>
        isDecodeError(error)
          ? error
          : new CorruptAudio({
              format: this.format,
              message: `The ${this.formatName} data could not be decoded (${error instanceof Error ? error.message : String(error)}); the file is probably damaged.`,
              cause: error,
            }),
    })
  }

  private account(chunks: ReadonlyArray<PcmChunk>): Effect.Effect<PcmChunk[], AudioTooLong> {
    for (const chunk of chunks) {
      this.frames += pcmFrames(chunk)
      if (this.frames > this.maxDuration * chunk.sampleRate) {
        return Effect.fail(audioTooLong(this.frames / chunk.sampleRate, this.maxDuration, false))
      }
    }
    return Effect.succeed(bounded(chunks))
  }
}

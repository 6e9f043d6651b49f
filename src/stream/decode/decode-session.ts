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

export class DecodeSession {
  /** Frames decoded so far. */
  frames = 0
  private readonly format: DecodableFormat
  private readonly decoder: FormatDecoder
  private readonly maxDuration: number
  private backlog: Uint8Array = new Uint8Array(0)
  private backlogAt = 0

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
   * Decodes the next piece of the backlog (at most the format's feed limit), so that the first audio
   * comes out after one piece and the duration limit is checked between pieces.
   */
  decodeNext(): Effect.Effect<PcmChunk[], DecodeError> {
    const piece = this.backlog.subarray(this.backlogAt, this.backlogAt + feedLimit(this.format))
    this.backlogAt += piece.length
    const self = this
    return Effect.gen(function* () {
      const decoded = yield* self.call(() => self.decoder.push(piece))
      yield* self.checkDeclaredDuration()
      return yield* self.account(decoded)
    })
  }

  /** Ends the input: the decoder's tail and whether the input was cut short. */
  finish(): Effect.Effect<DecoderEnd, DecodeError> {
    const self = this
    return Effect.gen(function* () {
      const end = yield* self.call(() => self.decoder.end())
      return { chunks: yield* self.account(end.chunks), truncated: end.truncated }
    })
  }

  /**
   * Fails when the header declares more audio than the limit allows: checked after each piece, so that
   * no more than one piece is decoded once the header is known.
   */
  private checkDeclaredDuration(): Effect.Effect<void, AudioTooLong> {
    const duration = this.decoder.info?.duration
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

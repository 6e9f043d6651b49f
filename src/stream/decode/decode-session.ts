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

  /** Decodes `bytes`, in pieces of at most the format's feed limit, stopping at the duration limit. */
  feed(bytes: Uint8Array): Effect.Effect<PcmChunk[], DecodeError> {
    const limit = feedLimit(this.format)
    const self = this
    return Effect.gen(function* () {
      const out: PcmChunk[] = []
      for (let at = 0; at < bytes.length; at += limit) {
        const piece = bytes.subarray(at, at + limit)
        const decoded = yield* self.call(() => self.decoder.push(piece))
        yield* self.checkDeclaredDuration()
        out.push(...(yield* self.account(decoded)))
      }
      return out
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

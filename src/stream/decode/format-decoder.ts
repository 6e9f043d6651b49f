/**
 * The contract every format's decoder meets, so that one stream driver serves them all.
 *
 * @module
 */
import type { AudioInfo } from "../../schema/audio-info.ts"
import type { PcmChunk } from "../pcm.ts"

/** What a decoder returns when its input has ended. */
export interface DecoderEnd {
  /** Audio the decoder was still holding (a codec's last frames). */
  readonly chunks: ReadonlyArray<PcmChunk>
  /** The input stopped before the end its container announced (a cut-off download, a partial copy). */
  readonly truncated: boolean
}

/**
 * One format's incremental decoder. It is fed the input's bytes in order, cut anywhere, and returns the
 * audio each piece completes; its memory does not grow with the input (MP4 with its index at the end is
 * the one exception, see `mp4-decoder.ts`). It is plain code, no Effect: it throws the errors of
 * `schema/errors/decode.ts`, which the stream driver turns into typed failures.
 */
export interface FormatDecoder {
  /** Header metadata, defined as soon as the bytes pushed so far contain it. */
  readonly info: AudioInfo | undefined
  /** Feeds the next bytes. The decoder does not keep `bytes` after it returns (callers may reuse them). */
  push(bytes: Uint8Array): ReadonlyArray<PcmChunk> | Promise<ReadonlyArray<PcmChunk>>
  /** Signals the end of the input. */
  end(): DecoderEnd | Promise<DecoderEnd>
  /** Releases codec memory (WASM heaps); safe to call twice and after `end`. */
  free(): void
}

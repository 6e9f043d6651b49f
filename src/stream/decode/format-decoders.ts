/**
 * Which decoder serves which format (the measurements behind the choice are in `wasm-codec.ts`).
 *
 * @module
 */
import { FlacDecoder } from "./flac-decoder.ts"
import type { FormatDecoder } from "./format-decoder.ts"
import { Mp3Decoder } from "./mp3-decoder.ts"
import { Mp4Decoder } from "./mp4-decoder.ts"
import { OggDecoder } from "./ogg-decoder.ts"
import type { DecodableFormat } from "./sniff.ts"
import { loadCodec } from "./wasm-codec.ts"
import { WavDecoder } from "./wav-decoder.ts"

/** Creates the decoder for `format`, loading its WebAssembly codec if it has one. */
export const createFormatDecoder = async (format: DecodableFormat): Promise<FormatDecoder> => {
  switch (format) {
    case "wav":
    case "w64":
      return new WavDecoder(format)
    case "mp3":
      return new Mp3Decoder(await loadCodec("mp3"))
    case "flac":
      return new FlacDecoder(await loadCodec("flac"))
    case "ogg-vorbis":
      return new OggDecoder("vorbis", await loadCodec("vorbis"))
    case "ogg-opus":
      return new OggDecoder("opus", await loadCodec("opus"))
    case "mp4":
      return new Mp4Decoder(await loadCodec("mp4"))
  }
}

/**
 * Most bytes handed to a decoder per call. PCM grows 1:1 with its bytes; a compressed codec's output
 * can be hundreds of times its input (a minute of silence fits in a few kilobytes of FLAC or Opus), so
 * it is fed small pieces and the duration limit is checked between them.
 */
export const feedLimit = (format: DecodableFormat): number =>
  format === "wav" || format === "w64" ? 65536 : 16384

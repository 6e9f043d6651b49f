/**
 * FLAC decoding: libFLAC compiled to WebAssembly (@wasm-audio-decoders/flac, whose codec-parser splits
 * frames correctly whatever the chunking), fed as bytes arrive. STREAMINFO, the first metadata block,
 * gives rate, channels, bit depth and the total sample count, which tells a cut-off file: fewer samples
 * decoded than declared. Streaming encoders (`ffmpeg -f flac -`) leave the total at 0 (unknown); a
 * truncated stream of that kind cannot be told from a complete one.
 *
 * Fewer samples than declared may also come from frames too damaged to decode; both are reported as
 * `truncated`, with the valid audio. Reference: RFC 9639.
 *
 * @module
 */
import type { AudioInfo } from "../../schema/audio-info.ts"
import { CorruptAudio, TruncatedAudio } from "../../schema/errors/decode.ts"
import type { PcmChunk } from "../pcm.ts"
import { FlacMetadataWalker } from "./flac-metadata.ts"
import type { DecoderEnd, FormatDecoder } from "./format-decoder.ts"
import { type CodecOutput, codecOutputToPcm, type WasmCodec } from "./wasm-codec.ts"

/** Audio bytes after which a FLAC stream without a single decodable frame counts as corrupt, not cut. */
const FRAME_SIZE_WHEN_UNKNOWN = 1 << 20

export class FlacDecoder implements FormatDecoder {
  info: AudioInfo | undefined = undefined
  private readonly metadata = new FlacMetadataWalker()
  private readonly codec: WasmCodec
  private decodedSamples = 0

  /** `codec` is a libFLAC instance (`loadCodec("flac")`). */
  constructor(codec: WasmCodec) {
    this.codec = codec
  }

  async push(bytes: Uint8Array): Promise<ReadonlyArray<PcmChunk>> {
    this.metadata.push(bytes)
    const streamInfo = this.metadata.streamInfo
    if (this.info === undefined && streamInfo !== undefined) {
      const { sampleRate, channels, bitsPerSample, totalSamples } = streamInfo
      this.info = {
        container: "flac",
        codec: "flac",
        sampleRate,
        channels,
        bitsPerSample,
        ...(totalSamples > 0 ? { duration: totalSamples / sampleRate } : {}),
      }
    }
    return this.collect(await this.codec.decode(bytes))
  }

  async end(): Promise<DecoderEnd> {
    const streamInfo = this.metadata.streamInfo
    if (streamInfo === undefined) {
      throw new TruncatedAudio({ format: "flac", message: "The FLAC file ends inside its header." })
    }
    const chunks = this.collect(await this.codec.flush())
    if (
      this.decodedSamples === 0 &&
      this.metadata.audioBytes > (streamInfo.maxFrameSize || FRAME_SIZE_WHEN_UNKNOWN)
    ) {
      throw new CorruptAudio({
        format: "flac",
        message: `No FLAC frame in ${this.metadata.audioBytes} bytes of audio data could be decoded: the file is damaged.`,
      })
    }
    const { totalSamples } = streamInfo
    return { chunks, truncated: totalSamples > 0 && this.decodedSamples < totalSamples }
  }

  free(): void {
    this.codec.free()
  }

  private collect(output: CodecOutput): ReadonlyArray<PcmChunk> {
    const pcm = codecOutputToPcm(output, this.info?.channels ?? output.channelData.length)
    if (pcm === undefined) return []
    this.decodedSamples += pcm.channels[0]!.length
    return [pcm]
  }
}

/**
 * MP4/M4A decoding: @audio/decode-mp4 demuxes the audio track and hands AAC to FAAD2 (ALAC, MP3, FLAC
 * and Opus tracks to their codecs), all in WebAssembly, trimming AAC's encoder priming and padding
 * from the edit list (gapless).
 *
 * An MP4 cannot be decoded before its index (`moov` box) has been read, since the index says where each
 * audio frame lies. With the index at the front (`ffmpeg -movflags +faststart`, iTunes, most
 * downloads) decoding streams as bytes arrive, in constant memory. With the index at the end (ffmpeg's
 * default, phones, cameras) the whole file must be held until its last bytes arrive: memory then grows
 * with the input, unavoidably. The bytes before the index are gathered here, so that the demuxer sees
 * them once (it would otherwise re-join and re-parse them on every chunk).
 *
 * @module
 */
import type { AudioCodec, AudioInfo } from "../../schema/audio-info.ts"
import { CorruptAudio, TruncatedAudio, UnsupportedFormat } from "../../schema/errors/decode.ts"
import type { PcmChunk } from "../pcm.ts"
import type { DecoderEnd, FormatDecoder } from "./format-decoder.ts"
import { Mp4BoxWalker } from "./mp4-box-walker.ts"
import { findAudioTrack } from "./mp4-moov.ts"
import { fragmentProblem, sampleTableProblem } from "./mp4-tables.ts"
import { type CodecOutput, codecOutputToPcm, type WasmCodec } from "./wasm-codec.ts"

/** MP4 sample entries decoded, and the codec each names. */
const SAMPLE_ENTRIES: Record<string, AudioCodec> = {
  mp4a: "aac",
  alac: "alac",
  ".mp3": "mp3",
  fLaC: "flac",
  Opus: "opus",
}

const damagedIndex = (problem: string) =>
  new CorruptAudio({
    format: "mp4",
    message: `The MP4 file's index is damaged: ${problem}. Re-encode or re-download the file.`,
  })

export class Mp4Decoder implements FormatDecoder {
  info: AudioInfo | undefined = undefined
  private readonly walker = new Mp4BoxWalker()
  private readonly codec: WasmCodec
  /** Bytes up to the end of the index, gathered until the index is complete. */
  private gathered: Uint8Array[] = []
  private gatheredLength = 0
  /** The gathered bytes, once the index is read, waiting to be decoded by the next call. */
  private ready: Uint8Array | undefined = undefined
  private started = false

  /** `codec` is an @audio/decode-mp4 instance (`loadCodec("mp4")`). */
  constructor(codec: WasmCodec) {
    this.codec = codec
  }

  async push(bytes: Uint8Array): Promise<ReadonlyArray<PcmChunk>> {
    this.walker.push(bytes)
    // Before the demuxer reads them: it trusts their sample counts.
    for (const moof of this.walker.fragments) {
      const problem = fragmentProblem(moof)
      if (problem !== undefined) throw damagedIndex(problem)
    }
    if (this.started) return this.decode(bytes)
    if (this.walker.invalid) {
      throw new CorruptAudio({
        format: "mp4",
        message: "The MP4 file's structure is invalid (a box with an impossible size).",
      })
    }
    if (this.ready !== undefined) {
      const out = await this.startDecoding()
      return [...out, ...(await this.decode(bytes))]
    }
    this.gathered.push(bytes.slice())
    this.gatheredLength += bytes.length
    if (this.walker.moov !== undefined) this.readIndex()
    // Decoding waits for the next call, so that the caller can check `info` (the duration limit) first.
    return []
  }

  async end(): Promise<DecoderEnd> {
    if (this.ready === undefined && !this.started) {
      throw new TruncatedAudio({
        format: "mp4",
        message:
          this.walker.currentType === "moov"
            ? "The MP4 file ends inside its index (moov box): it was cut off before its end."
            : "The MP4 file has no index (moov box), which MP4 writers put at the end unless told otherwise: the file was probably cut off before its end. Nothing can be decoded without it.",
      })
    }
    const chunks = this.ready !== undefined ? [...(await this.startDecoding())] : []
    chunks.push(...(await this.collect(this.codec.flush())))
    return { chunks, truncated: this.walker.endedInsideBox }
  }

  free(): void {
    this.codec.free()
  }

  private readIndex(): void {
    const all = new Uint8Array(this.gatheredLength)
    let at = 0
    for (const part of this.gathered) {
      all.set(part, at)
      at += part.length
    }
    this.gathered = []
    const { start, end } = this.walker.moov!
    const moov = all.subarray(start, end)
    const problem = sampleTableProblem(moov)
    if (problem !== undefined) throw damagedIndex(problem)
    const track = findAudioTrack(moov)
    if (track === undefined) {
      throw new UnsupportedFormat({
        looksLike: "MP4 without an audio track",
        message: "The MP4 file has no audio track.",
      })
    }
    const isMp3 = track.sampleEntry === "mp4a" && (track.objectType === 0x69 || track.objectType === 0x6b)
    const codec = isMp3 ? "mp3" : SAMPLE_ENTRIES[track.sampleEntry]
    if (codec === undefined) {
      throw new UnsupportedFormat({
        looksLike: `MP4 with '${track.sampleEntry}' audio`,
        message: `The MP4 file's audio is '${track.sampleEntry}', which is not decoded; AAC, ALAC, MP3, FLAC and Opus are.`,
      })
    }
    this.info = {
      container: "mp4",
      codec,
      sampleRate: track.sampleRate,
      channels: track.channels,
      ...(track.duration === undefined ? {} : { duration: track.duration }),
    }
    this.ready = all
  }

  private async startDecoding(): Promise<ReadonlyArray<PcmChunk>> {
    const all = this.ready!
    this.ready = undefined
    this.started = true
    return this.decode(all)
  }

  private async decode(bytes: Uint8Array): Promise<ReadonlyArray<PcmChunk>> {
    return this.collect(this.codec.decode(bytes))
  }

  private async collect(output: CodecOutput | Promise<CodecOutput>): Promise<ReadonlyArray<PcmChunk>> {
    const pcm = codecOutputToPcm(await output, this.info?.channels ?? Number.POSITIVE_INFINITY)
    return pcm === undefined ? [] : [pcm]
  }
}

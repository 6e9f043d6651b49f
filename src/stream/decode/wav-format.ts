/**
 * The `fmt ` chunk of WAV/RF64/W64 files: which sample format follows in `data`.
 *
 * Reference: Microsoft WAVEFORMATEX and WAVEFORMATEXTENSIBLE (mmreg.h, ksmedia.h); EBU Tech 3306 (RF64).
 *
 * @module
 */
import { CorruptAudio, UnsupportedFormat } from "../../schema/errors/decode.ts"
import { bytesPerSample, type SampleEncoding } from "./pcm-samples.ts"

/** The sample layout a WAV `fmt ` chunk declares. */
export interface WavFormat {
  readonly encoding: SampleEncoding
  readonly channels: number
  readonly sampleRate: number
  /** Bytes per interleaved frame (all channels). */
  readonly blockAlign: number
  /** Significant bits per sample (may be fewer than the container holds, e.g. 20 in 24). */
  readonly bitsPerSample: number
}

const WAVE_FORMAT_PCM = 0x0001
const WAVE_FORMAT_IEEE_FLOAT = 0x0003
const WAVE_FORMAT_EXTENSIBLE = 0xfffe

/** Names of other format tags seen in the wild, for a useful "unsupported" message. */
const OTHER_TAGS: Record<number, string> = {
  2: "Microsoft ADPCM",
  6: "A-law",
  7: "µ-law",
  17: "IMA ADPCM",
  49: "GSM 6.10",
  80: "MPEG layer I/II",
  85: "MP3",
  255: "AAC",
  8192: "AC-3",
}

const encodingOf = (tag: number, containerBytes: number): SampleEncoding | undefined => {
  if (tag === WAVE_FORMAT_PCM) {
    return (["uint8", "int16", "int24", "int32"] as const)[containerBytes - 1]
  }
  if (tag === WAVE_FORMAT_IEEE_FLOAT) {
    return containerBytes === 4 ? "float32" : containerBytes === 8 ? "float64" : undefined
  }
  return undefined
}

const unsupported = (looksLike: string) =>
  new UnsupportedFormat({
    looksLike,
    message: `This is a ${looksLike}; only PCM WAV (8/16/24/32-bit integer, 32/64-bit float samples) is decoded. Convert it, e.g. \`ffmpeg -i in.wav -c:a pcm_s16le out.wav\`.`,
  })

/**
 * Parses a `fmt ` chunk body (at least 16 bytes, little-endian). For WAVE_FORMAT_EXTENSIBLE the
 * sub-format GUID's first two bytes carry the actual format tag. Throws `UnsupportedFormat` for
 * compressed WAV (ADPCM, µ-law...) and `CorruptAudio` for impossible values.
 */
export const parseWavFormat = (body: Uint8Array): WavFormat => {
  const corrupt = (why: string) =>
    new CorruptAudio({ format: "wav", message: `The WAV header is invalid: ${why}.` })
  if (body.length < 16) throw corrupt(`its fmt chunk has ${body.length} bytes, fewer than 16`)
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
  let tag = view.getUint16(0, true)
  const channels = view.getUint16(2, true)
  const sampleRate = view.getUint32(4, true)
  const blockAlign = view.getUint16(12, true)
  const bitsPerSample = view.getUint16(14, true)
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    if (body.length < 40) throw corrupt("its WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 40 bytes")
    tag = view.getUint16(24, true)
  }
  if (tag !== WAVE_FORMAT_PCM && tag !== WAVE_FORMAT_IEEE_FLOAT) {
    throw unsupported(`WAV with ${OTHER_TAGS[tag] ?? `codec 0x${tag.toString(16).padStart(4, "0")}`} samples`)
  }
  if (channels === 0) throw corrupt("it declares 0 channels")
  if (sampleRate === 0) throw corrupt("it declares a sample rate of 0 Hz")
  if (blockAlign === 0 || blockAlign % channels !== 0) {
    throw corrupt(
      `its block size (${blockAlign} bytes) is not a whole number of samples for ${channels} channels`,
    )
  }
  const encoding = encodingOf(tag, blockAlign / channels)
  if (encoding === undefined) {
    const kind = tag === WAVE_FORMAT_PCM ? "integer" : "float"
    throw unsupported(`WAV with ${(blockAlign / channels) * 8}-bit ${kind} samples`)
  }
  return {
    encoding,
    channels,
    sampleRate,
    blockAlign,
    bitsPerSample: bitsPerSample || bytesPerSample[encoding] * 8,
  }
}

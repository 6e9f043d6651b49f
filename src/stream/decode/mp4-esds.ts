/**
 * The `esds` box of an MP4 `mp4a` sample entry: which codec the track holds (object type), and for AAC
 * its AudioSpecificConfig, the only place that tells AAC's true channel count and output rate (MP4
 * writers put a fixed 2 in the sample entry's channel field, as ISO/IEC 14496-14 asks).
 *
 * Reference: ISO/IEC 14496-1 §7.2.6 (ES_Descriptor, DecoderConfigDescriptor, DecoderSpecificInfo);
 * ISO/IEC 14496-3 §1.6.2.1 (AudioSpecificConfig), §1.6.3.4 (channelConfiguration).
 *
 * @module
 */

/** What an `esds` says about its stream. */
export interface EsdsInfo {
  /** MPEG-4 object type indication: 0x40 (AAC), 0x66-0x68 (MPEG-2 AAC), 0x69/0x6B (MP3). */
  readonly objectType: number
  /** From the AudioSpecificConfig, for AAC. */
  readonly channels?: number
  readonly sampleRate?: number
}

const AAC_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350]
const CONFIG_CHANNELS = [0, 1, 2, 3, 4, 5, 6, 8]
const SBR = 5
const PS = 29

/** Reads bits MSB-first. */
class BitReader {
  private bit = 0
  private readonly bytes: Uint8Array
  constructor(bytes: Uint8Array) {
    this.bytes = bytes
  }
  read(count: number): number {
    let value = 0
    for (let i = 0; i < count; i++, this.bit++) {
      value = value * 2 + (((this.bytes[this.bit >> 3] ?? 0) >> (7 - (this.bit & 7))) & 1)
    }
    return value
  }
}

/** Channels and output rate from an AudioSpecificConfig (SBR doubles the rate, PS makes mono stereo). */
const parseAudioSpecificConfig = (asc: Uint8Array): { channels?: number; sampleRate?: number } => {
  const bits = new BitReader(asc)
  const objectType = () => {
    const t = bits.read(5)
    return t === 31 ? 32 + bits.read(6) : t
  }
  const rate = () => {
    const index = bits.read(4)
    return index === 15 ? bits.read(24) : AAC_RATES[index]
  }
  const aot = objectType()
  let sampleRate = rate()
  const config = bits.read(4)
  let channels = CONFIG_CHANNELS[config]
  if (aot === SBR || aot === PS) sampleRate = rate()
  if (aot === PS && channels === 1) channels = 2
  return {
    ...(channels ? { channels } : {}),
    ...(sampleRate ? { sampleRate } : {}),
  }
}

/** Reads a descriptor's tag and expandable size (1-4 bytes of 7 bits); returns the body's offset. */
const descriptor = (b: Uint8Array, at: number): { tag: number; body: number; end: number } | undefined => {
  if (at >= b.length) return undefined
  const tag = b[at]!
  let size = 0
  let p = at + 1
  for (let i = 0; i < 4 && p < b.length; i++) {
    const byte = b[p++]!
    size = (size << 7) | (byte & 0x7f)
    if ((byte & 0x80) === 0) break
  }
  return { tag, body: p, end: Math.min(p + size, b.length) }
}

/** Parses an `esds` box body (version and flags first). Undefined when malformed. */
export const parseEsds = (body: Uint8Array): EsdsInfo | undefined => {
  const es = descriptor(body, 4)
  if (es === undefined || es.tag !== 0x03) return undefined
  const flags = body[es.body + 2] ?? 0
  let at = es.body + 3
  if (flags & 0x80) at += 2 // dependsOn_ES_ID
  if (flags & 0x40) at += 1 + (body[at] ?? 0) // URL
  if (flags & 0x20) at += 2 // OCR_ES_ID
  const config = descriptor(body, at)
  if (config === undefined || config.tag !== 0x04) return undefined
  const objectType = body[config.body] ?? 0
  const specific = descriptor(body, config.body + 13)
  if (
    specific === undefined ||
    specific.tag !== 0x05 ||
    (objectType !== 0x40 && (objectType < 0x66 || objectType > 0x68))
  ) {
    return { objectType }
  }
  return { objectType, ...parseAudioSpecificConfig(body.subarray(specific.body, specific.end)) }
}

/**
 * MPEG-1/2/2.5 audio (layers I-III) frame headers and the Xing/Info/VBRI header that LAME and other
 * encoders put in the first frame. Used to recognise MP3 from its bytes, to read its rate, channels and
 * declared length, and to walk frames to tell whether the file was cut inside one.
 *
 * Reference: ISO/IEC 11172-3 §2.4.2.3 and ISO/IEC 13818-3 (header fields); the Xing header as written
 * by LAME (http://gabriel.mp3-tech.org/mp3infotag.html); Fraunhofer's VBRI header.
 *
 * @module
 */

/** A parsed 4-byte MPEG audio frame header. */
export interface MpegFrameHeader {
  /** 1, 2 or 2.5 */
  readonly version: 1 | 2 | 2.5
  readonly layer: 1 | 2 | 3
  readonly sampleRate: number
  readonly channels: 1 | 2
  /** Bytes in the whole frame, header included. */
  readonly frameLength: number
  readonly samplesPerFrame: number
  readonly hasCrc: boolean
}

// kbps by [version 1 or 2][layer - 1][index]; MPEG-2.5 uses MPEG-2's table.
const BITRATES = [
  [
    [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  ],
  [
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  ],
] as const
const RATES = { 1: [44100, 48000, 32000], 2: [22050, 24000, 16000], 2.5: [11025, 12000, 8000] } as const

/**
 * Parses the frame header at `bytes[at..at+4)`, or returns undefined when those bytes are not one
 * (no sync word, a reserved field, free-format bitrate, or fewer than 4 bytes left).
 */
export const parseMpegHeader = (bytes: Uint8Array, at: number): MpegFrameHeader | undefined => {
  if (at + 4 > bytes.length) return undefined
  const b1 = bytes[at + 1]!
  const b2 = bytes[at + 2]!
  if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined
  const versionBits = (b1 >> 3) & 3
  const layerBits = (b1 >> 1) & 3
  const bitrateIndex = b2 >> 4
  const rateIndex = (b2 >> 2) & 3
  if (versionBits === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) {
    return undefined
  }
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 2.5
  const layer = (4 - layerBits) as 1 | 2 | 3
  const kbps = BITRATES[version === 1 ? 0 : 1][layer - 1][bitrateIndex]!
  const sampleRate = RATES[version][rateIndex]!
  const padding = (b2 >> 1) & 1
  const samplesPerFrame = layer === 1 ? 384 : layer === 3 && version !== 1 ? 576 : 1152
  const frameLength =
    layer === 1
      ? (Math.floor((12000 * kbps) / sampleRate) + padding) * 4
      : Math.floor(((samplesPerFrame / 8) * 1000 * kbps) / sampleRate) + padding
  return {
    version,
    layer,
    sampleRate,
    channels: bytes[at + 3]! >> 6 === 3 ? 1 : 2,
    frameLength,
    samplesPerFrame,
    hasCrc: (b1 & 1) === 0,
  }
}

/** Two headers belong to one stream when version, layer and rate agree (channel mode may change). */
const sameStream = (a: MpegFrameHeader, b: MpegFrameHeader): boolean =>
  a.version === b.version && a.layer === b.layer && a.sampleRate === b.sampleRate

/** How many consecutive frames must chain up before bytes count as MPEG audio. */
const FRAMES_TO_CONFIRM = 3

/**
 * Finds where MPEG audio starts in `bytes` (searching at most `searchLimit` bytes): the first offset
 * where `FRAMES_TO_CONFIRM` frame headers follow each other, each at the previous one's offset plus its
 * length. A single sync word occurs in random data about once per 2 KiB; three chained ones at random
 * are about a one-in-10¹⁰ event per offset, which is what keeps a random `.mp3` from being taken for
 * audio. Returns `"more"` when the answer needs bytes not yet seen (pass `ended` when there are none:
 * a stream of only one or two frames is then accepted), undefined when there is no MPEG audio.
 */
export const findMpegStart = (
  bytes: Uint8Array,
  ended: boolean,
  searchLimit = 16384,
): number | "more" | undefined => {
  const last = Math.min(bytes.length - 4, searchLimit)
  for (let at = 0; at <= last; at++) {
    const first = parseMpegHeader(bytes, at)
    if (first === undefined) continue
    let next = at + first.frameLength
    let chained = 1
    while (chained < FRAMES_TO_CONFIRM) {
      if (next + 4 > bytes.length) break
      const header = parseMpegHeader(bytes, next)
      if (header === undefined || !sameStream(first, header)) break
      next += header.frameLength
      chained++
    }
    if (chained === FRAMES_TO_CONFIRM) return at
    if (next + 4 > bytes.length) {
      // The chain ran off the end of what we have: wait for more, or accept a stream of one or two
      // frames when there is no more (one frame only when it fills the input exactly).
      if (!ended) return "more"
      if (chained >= 2 || next === bytes.length) return at
    }
  }
  if (!ended && bytes.length < searchLimit + 4 * 1441) return "more"
  return undefined
}

/** Number of audio frames the Xing/Info or VBRI header of the frame at `at` declares, if it has one. */
export const declaredFrameCount = (
  bytes: Uint8Array,
  at: number,
  header: MpegFrameHeader,
): number | undefined => {
  if (header.layer !== 3) return undefined
  const sideInfo = header.version === 1 ? (header.channels === 1 ? 17 : 32) : header.channels === 1 ? 9 : 17
  const xing = at + 4 + (header.hasCrc ? 2 : 0) + sideInfo
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4))
  const u32 = (offset: number) =>
    ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>>
    0
  if (xing + 12 <= bytes.length && (tag(xing) === "Xing" || tag(xing) === "Info")) {
    return (u32(xing + 4) & 1) === 1 ? u32(xing + 8) : undefined
  }
  const vbri = at + 36
  if (vbri + 18 <= bytes.length && tag(vbri) === "VBRI") return u32(vbri + 14)
  return undefined
}

/**
 * Size in bytes of the ID3v2 tag that starts `bytes` (header, body and optional footer), 0 when there
 * is none, or `"more"` when fewer than 10 bytes are available. Reference: id3.org ID3v2.4 §3.1.
 */
export const id3v2Size = (bytes: Uint8Array): number | "more" => {
  if (bytes.length < 3) return "more"
  if (bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0 // "ID3"
  if (bytes.length < 10) return "more"
  const size =
    ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f)
  const footer = (bytes[5]! & 0x10) !== 0 ? 10 : 0
  return 10 + size + footer
}

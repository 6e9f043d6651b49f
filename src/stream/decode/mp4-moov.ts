/**
 * Reads the audio track's description from an MP4 index (`moov` box): sample entry (codec), channel
 * count, rate and duration. The decoding itself is done by @audio/decode-mp4; this gives the stream's
 * metadata, and its declared length for the duration limit, before any sample is decoded.
 *
 * Reference: ISO/IEC 14496-12 §8.3-8.5 (trak, mdia, mdhd, hdlr, minf, stbl, stsd), §12.2.3
 * (AudioSampleEntry: channelcount at byte 24, samplerate 16.16 at byte 32 of the entry).
 *
 * @module
 */
import { type Box, child, children } from "./mp4-boxes.ts"
import { parseEsds } from "./mp4-esds.ts"

/** The first audio track of an MP4 file. */
export interface Mp4AudioTrack {
  /** Sample entry type: `mp4a` (AAC or MP3, see `objectType`), `alac`, `.mp3`, `fLaC`, `Opus`, `ac-3`... */
  readonly sampleEntry: string
  /** For `mp4a`: the MPEG-4 object type from `esds` (0x40 AAC, 0x69/0x6B MP3). */
  readonly objectType: number | undefined
  readonly channels: number
  readonly sampleRate: number
  /** Seconds, from the media header; undefined when 0 (fragmented files). */
  readonly duration: number | undefined
}

/** Media timescale and duration from `mdhd` (version 0: 32-bit fields, version 1: 64-bit). */
const mediaHeader = (view: DataView, mdhd: Box): { timescale: number; duration: number } =>
  view.getUint8(mdhd.body) === 1
    ? { timescale: view.getUint32(mdhd.body + 20), duration: Number(view.getBigUint64(mdhd.body + 24)) }
    : { timescale: view.getUint32(mdhd.body + 12), duration: view.getUint32(mdhd.body + 16) }

/**
 * Finds the first sound track (handler `soun`) in `moov`, the bytes of the whole `moov` box.
 * Returns undefined when there is none (a video without audio).
 */
export const findAudioTrack = (moov: Uint8Array): Mp4AudioTrack | undefined => {
  const view = new DataView(moov.buffer, moov.byteOffset, moov.byteLength)
  const [root] = children(view, 0, moov.length)
  if (root === undefined) return undefined
  for (const trak of children(view, root.body, root.end).filter((b) => b.type === "trak")) {
    const mdia = child(view, trak, "mdia")
    const hdlr = child(view, mdia, "hdlr")
    if (hdlr === undefined || hdlr.body + 12 > hdlr.end) continue
    const handler = String.fromCharCode(...moov.subarray(hdlr.body + 8, hdlr.body + 12))
    if (handler !== "soun") continue
    const mdhd = child(view, mdia, "mdhd")
    const stsd = child(view, child(view, child(view, mdia, "minf"), "stbl"), "stsd")
    if (mdhd === undefined || stsd === undefined) continue
    // stsd: version/flags (4), entry count (4), then the sample entries.
    const [entry] = children(view, stsd.body + 8, stsd.end)
    if (entry === undefined || entry.body + 20 > entry.end) continue
    const entryStart = entry.body - 8
    // QuickTime sound description versions 1 and 2 insert 16 and 36 bytes before the child boxes.
    const version = view.getUint16(entryStart + 16)
    const boxesAt = entryStart + 36 + (version === 1 ? 16 : version === 2 ? 36 : 0)
    const esdsBox = children(view, Math.min(boxesAt, entry.end), entry.end).find((b) => b.type === "esds")
    const esds = esdsBox === undefined ? undefined : parseEsds(moov.subarray(esdsBox.body, esdsBox.end))
    const { timescale, duration } = mediaHeader(view, mdhd)
    // The media clock is the sample rate in audio tracks written by encoders; QuickTime movies may use
    // a coarse clock (600, 1000), where the sample entry's rate is the one to trust.
    const entryRate = view.getUint32(entryStart + 32) >>> 16
    return {
      sampleEntry: entry.type,
      objectType: esds?.objectType,
      channels: esds?.channels ?? view.getUint16(entryStart + 24),
      sampleRate: esds?.sampleRate ?? (timescale >= 8000 ? timescale : entryRate),
      duration: duration > 0 && timescale > 0 ? duration / timescale : undefined,
    }
  }
  return undefined
}

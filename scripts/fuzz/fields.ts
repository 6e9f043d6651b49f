/**
 * Where the header fields of each seed file lie, so that mutations can aim at them: a random bit flip
 * rarely lands on the sample rate, an aimed overwrite puts 0 or 0xFFFFFFFF there on purpose. Each
 * locator walks its container's structure just far enough to list its size and parameter fields.
 *
 * References: RIFF/WAVE (mmreg.h), EBU Tech 3306 (RF64), Sony Wave64; RFC 9639 (FLAC); ISO/IEC
 * 11172-3 (MPEG audio header); RFC 3533 (Ogg), Vorbis I §4.2.2, RFC 7845 (OpusHead); ISO/IEC 14496-12
 * (MP4 boxes).
 *
 * @module
 */

/** One integer field of a header. `width` 3 is FLAC's 24-bit big-endian lengths. */
export interface Field {
  readonly name: string
  readonly at: number
  readonly width: 1 | 2 | 3 | 4 | 8
  readonly endian: "le" | "be"
}

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n))
const u32le = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at, true)
const u32be = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at, false)

const le = (name: string, at: number, width: Field["width"]): Field => ({ name, at, width, endian: "le" })
const be = (name: string, at: number, width: Field["width"]): Field => ({ name, at, width, endian: "be" })

/** `fmt ` body fields (WAVEFORMATEX, then the EXTENSIBLE part when the body is long enough). */
const fmtFields = (body: number, length: number): Field[] => [
  le("fmt.tag", body, 2),
  le("fmt.channels", body + 2, 2),
  le("fmt.sampleRate", body + 4, 4),
  le("fmt.byteRate", body + 8, 4),
  le("fmt.blockAlign", body + 12, 2),
  le("fmt.bitsPerSample", body + 14, 2),
  ...(length >= 40
    ? [le("fmt.cbSize", body + 16, 2), le("fmt.validBits", body + 18, 2), le("fmt.subFormat", body + 24, 2)]
    : []),
]

const riffFields = (b: Uint8Array): Field[] => {
  const fields = [le("riff.size", 4, 4)]
  for (let at = 12; at + 8 <= b.length; ) {
    const id = ascii(b, at, 4)
    const size = u32le(b, at + 4)
    fields.push(le(`${id}.size`, at + 4, 4))
    if (id === "fmt ") fields.push(...fmtFields(at + 8, size))
    if (id === "ds64") {
      fields.push(
        le("ds64.riffSize", at + 8, 8),
        le("ds64.dataSize", at + 16, 8),
        le("ds64.frames", at + 24, 8),
      )
    }
    if (id === "data") break
    at += 8 + size + (size & 1)
  }
  return fields
}

const w64Fields = (b: Uint8Array): Field[] => {
  const fields = [le("riff.size", 16, 8)]
  for (let at = 40; at + 24 <= b.length; ) {
    const id = ascii(b, at, 4)
    const size = Number(new DataView(b.buffer, b.byteOffset).getBigUint64(at + 16, true))
    fields.push(le(`${id}.size`, at + 16, 8))
    if (id === "fmt ") fields.push(...fmtFields(at + 24, size - 24))
    if (id === "data" || size < 24) break
    at += size + ((8 - (size % 8)) % 8)
  }
  return fields
}

const flacFields = (b: Uint8Array): Field[] => {
  const fields: Field[] = []
  let at = 4
  for (;;) {
    if (at + 4 > b.length) return fields
    const last = (b[at]! & 0x80) !== 0
    const length = (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!
    fields.push(be("block.type", at, 1), be("block.length", at + 1, 3))
    if ((b[at]! & 0x7f) === 0) {
      const s = at + 4
      fields.push(
        be("streaminfo.minBlock", s, 2),
        be("streaminfo.maxBlock", s + 2, 2),
        be("streaminfo.minFrame", s + 4, 3),
        be("streaminfo.maxFrame", s + 7, 3),
        // 20 bits rate, 3 channels-1, 5 bits-1, 36 total samples: overwritten as two 32-bit words.
        be("streaminfo.rateChannelsBits", s + 10, 4),
        be("streaminfo.totalSamples", s + 14, 4),
      )
    }
    at += 4 + length
    if (last) break
  }
  // The first frame header: sync, blocking strategy, block size / rate / channels / bits codes.
  if (at + 4 <= b.length) fields.push(be("frame.header", at, 4))
  return fields
}

const mpegFields = (b: Uint8Array): Field[] => {
  const fields: Field[] = []
  let at = 0
  if (ascii(b, 0, 3) === "ID3") {
    fields.push(be("id3.flags", 5, 1), be("id3.size", 6, 4))
    at = 10 + (((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f))
  }
  while (at + 4 <= b.length && !(b[at] === 0xff && (b[at + 1]! & 0xe0) === 0xe0)) at++
  fields.push(be("frame.header", at, 4), be("frame.bitrateRate", at + 2, 1), be("frame2.header", at + 417, 4))
  for (let x = at; x < Math.min(b.length - 16, at + 64); x++) {
    const tag = ascii(b, x, 4)
    if (tag === "Xing" || tag === "Info") fields.push(be("xing.flags", x + 4, 4), be("xing.frames", x + 8, 4))
  }
  return fields
}

const oggFields = (b: Uint8Array): Field[] => {
  const fields: Field[] = []
  let pages = 0
  for (let at = 0; at + 27 <= b.length && pages < 4; pages++) {
    if (ascii(b, at, 4) !== "OggS") break
    const segments = b[at + 26]!
    fields.push(
      le("page.version", at + 4, 1),
      le("page.flags", at + 5, 1),
      le("page.granule", at + 6, 8),
      le("page.sequence", at + 18, 4),
      le("page.segments", at + 26, 1),
    )
    if (segments > 0) fields.push(le("page.lacing", at + 27, 1))
    let body = 0
    for (let i = 0; i < segments; i++) body += b[at + 27 + i] ?? 0
    const packet = at + 27 + segments
    if (pages === 0 && ascii(b, packet, 7) === "\x01vorbis") {
      fields.push(
        le("vorbis.channels", packet + 11, 1),
        le("vorbis.sampleRate", packet + 12, 4),
        le("vorbis.blocksizes", packet + 28, 1),
      )
    }
    if (pages === 0 && ascii(b, packet, 8) === "OpusHead") {
      fields.push(
        le("opus.channels", packet + 9, 1),
        le("opus.preSkip", packet + 10, 2),
        le("opus.inputRate", packet + 12, 4),
        le("opus.mapping", packet + 18, 1),
      )
    }
    at = packet + body
  }
  return fields
}

/** MP4 boxes whose bodies are boxes (with the bytes to skip before them). */
const MP4_CONTAINERS: Record<string, number> = {
  moov: 0,
  trak: 0,
  mdia: 0,
  minf: 0,
  stbl: 0,
  edts: 0,
  dinf: 0,
  udta: 0,
  stsd: 8,
  mp4a: 28,
  mvex: 0,
  moof: 0,
  traf: 0,
}

const mp4Fields = (b: Uint8Array): Field[] => {
  const fields: Field[] = []
  const walk = (from: number, to: number, depth: number) => {
    for (let at = from; at + 8 <= to && depth < 8; ) {
      const size = u32be(b, at)
      const type = ascii(b, at + 4, 4)
      fields.push(be(`${type}.size`, at, 4))
      if (size < 8 || at + size > to) return
      const body = at + 8
      if (type === "mdhd" || type === "mvhd") {
        fields.push(be(`${type}.timescale`, body + 12, 4), be(`${type}.duration`, body + 16, 4))
      }
      if (type === "mp4a") fields.push(be("mp4a.channels", body + 16, 2), be("mp4a.sampleRate", body + 24, 4))
      if (type === "stsz") fields.push(be("stsz.sampleSize", body + 4, 4), be("stsz.count", body + 8, 4))
      if (type === "stco" || type === "stts" || type === "stsc" || type === "elst") {
        fields.push(be(`${type}.count`, body + 4, 4), be(`${type}.first`, body + 8, 4))
      }
      if (type === "trun") fields.push(be("trun.flags", body, 4), be("trun.count", body + 4, 4))
      if (type === "tfhd") fields.push(be("tfhd.flags", body, 4))
      if (type === "trex") fields.push(be("trex.defaultSize", body + 16, 4))
      if (type === "esds") fields.push(be("esds.descriptor", body + 4, 4), be("esds.config", body + 30, 2))
      const skip = MP4_CONTAINERS[type]
      if (skip !== undefined) walk(body + skip, at + size, depth + 1)
      at += size
    }
  }
  walk(0, b.length, 0)
  return fields
}

/** The header fields of a seed file of `format` (as `sniffFormat` names formats). */
export const headerFields = (format: string, bytes: Uint8Array): Field[] => {
  const fields = (() => {
    switch (format) {
      case "wav":
        return riffFields(bytes)
      case "w64":
        return w64Fields(bytes)
      case "flac":
        return flacFields(bytes)
      case "mp3":
        return mpegFields(bytes)
      case "ogg-vorbis":
      case "ogg-opus":
        return oggFields(bytes)
      case "mp4":
        return mp4Fields(bytes)
      default:
        return []
    }
  })()
  return fields.filter((f) => f.at >= 0 && f.at + f.width <= bytes.length)
}

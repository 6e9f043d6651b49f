/**
 * Recognises the format of an input from its first bytes, never from its name.
 *
 * @module
 */
import { describeNonAudio, knownSignature } from "./looks-like.ts"
import { findMpegStart, id3v2Size } from "./mpeg-header.ts"

/** The formats decoding handles, each served by one decoder (see `format-decoders.ts`). */
export type DecodableFormat = "wav" | "w64" | "mp3" | "flac" | "ogg-vorbis" | "ogg-opus" | "mp4"

/** What the first bytes say. */
export type Sniffed =
  | { readonly kind: "format"; readonly format: DecodableFormat }
  /** An ID3v2 tag of this many bytes leads the input: skip it and sniff what follows. */
  | { readonly kind: "skip"; readonly bytes: number }
  /** Undecided: more bytes are needed. */
  | { readonly kind: "more" }
  | { readonly kind: "unsupported"; readonly looksLike: string }

/** Bytes needed at most to recognise any format (MPEG audio may follow some junk, see `findMpegStart`). */
export const SNIFF_LIMIT = 24 * 1024

const ascii = (bytes: Uint8Array, at: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(at, at + length))

/** W64's RIFF GUID: "riff" followed by 2E91CF11-A5D6-28DB-04C1-00000000 (Sony Wave64 spec). */
const W64_RIFF = [
  0x72, 0x69, 0x66, 0x66, 0x2e, 0x91, 0xcf, 0x11, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00,
]

/** The codec of an Ogg stream, from its first packet (RFC 3533 page header, 27 bytes + segment table). */
const sniffOgg = (head: Uint8Array, ended: boolean): Sniffed => {
  const packet = 27 + (head[26] ?? 0)
  if (head.length < packet + 8)
    return ended ? { kind: "unsupported", looksLike: "truncated Ogg" } : { kind: "more" }
  if (ascii(head, packet, 7) === "\x01vorbis") return { kind: "format", format: "ogg-vorbis" }
  if (ascii(head, packet, 8) === "OpusHead") return { kind: "format", format: "ogg-opus" }
  if (ascii(head, packet, 5) === "\x7fFLAC")
    return { kind: "unsupported", looksLike: "FLAC in Ogg (Ogg FLAC)" }
  if (ascii(head, packet, 8) === "Speex   ") return { kind: "unsupported", looksLike: "Speex in Ogg" }
  if (ascii(head, packet + 1, 6) === "theora") return { kind: "unsupported", looksLike: "Ogg Theora video" }
  return { kind: "unsupported", looksLike: "Ogg with an unknown codec" }
}

/**
 * Recognises the format of `head`, the first bytes of an input (or of what follows an ID3v2 tag when
 * `afterId3`). `ended` says that `head` is the whole input.
 */
export const sniffFormat = (head: Uint8Array, ended: boolean, afterId3 = false): Sniffed => {
  if (head.length < 12 && !ended) return { kind: "more" }
  const tag4 = ascii(head, 0, 4)
  if ((tag4 === "RIFF" || tag4 === "RF64" || tag4 === "BW64") && ascii(head, 8, 4) === "WAVE") {
    return { kind: "format", format: "wav" }
  }
  if (head.length >= 16 && W64_RIFF.every((b, i) => head[i] === b)) return { kind: "format", format: "w64" }
  if (tag4 === "fLaC") return { kind: "format", format: "flac" }
  if (tag4 === "OggS") return sniffOgg(head, ended)
  if (ascii(head, 4, 4) === "ftyp" && !/^(heic|heix|mif1|avif)$/.test(ascii(head, 8, 4))) {
    return { kind: "format", format: "mp4" }
  }
  if (!afterId3) {
    const tagBytes = id3v2Size(head)
    if (tagBytes !== 0 && tagBytes !== "more") return { kind: "skip", bytes: tagBytes }
  }
  const signature = knownSignature(head)
  if (signature !== undefined) return { kind: "unsupported", looksLike: signature }
  const mpeg = findMpegStart(head, ended)
  if (mpeg === "more") return { kind: "more" }
  if (mpeg !== undefined) return { kind: "format", format: "mp3" }
  if (afterId3) return { kind: "unsupported", looksLike: "an ID3 tag followed by no MP3 audio" }
  return { kind: "unsupported", looksLike: describeNonAudio(head) }
}

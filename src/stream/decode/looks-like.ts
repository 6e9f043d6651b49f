/**
 * Describes bytes that are not decodable audio, for error messages: a user who uploads an HTML error
 * page or a ZIP should be told so, not that "the audio is corrupt".
 *
 * @module
 */

const ascii = (bytes: Uint8Array, at: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(at, at + length))

/** Binary signatures (magic numbers) of common non-audio files and of audio formats not decoded here. */
const SIGNATURES: ReadonlyArray<readonly [test: (b: Uint8Array) => boolean, looksLike: string]> = [
  [(b) => ascii(b, 0, 5) === "%PDF-", "PDF document"],
  [(b) => ascii(b, 0, 4) === "PK\x03\x04" || ascii(b, 0, 4) === "PK\x05\x06", "ZIP archive"],
  [(b) => b[0] === 0x89 && ascii(b, 1, 3) === "PNG", "PNG image"],
  [(b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff, "JPEG image"],
  [(b) => ascii(b, 0, 4) === "GIF8", "GIF image"],
  [(b) => b[0] === 0x1f && b[1] === 0x8b, "gzip archive"],
  [(b) => ascii(b, 0, 4) === "\x7fELF", "executable (ELF)"],
  [(b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP", "WebP image"],
  [(b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "AVI ", "AVI video"],
  [(b) => ascii(b, 0, 4) === "RIFX", "big-endian WAV (RIFX)"],
  [(b) => ascii(b, 0, 4) === "FORM" && /^AIF[FC]$/.test(ascii(b, 8, 4)), "AIFF audio"],
  [(b) => ascii(b, 0, 4) === "caff", "Core Audio (CAF) audio"],
  [(b) => b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3, "WebM/Matroska media"],
  [(b) => ascii(b, 0, 4) === "MThd", "MIDI file"],
  [(b) => ascii(b, 0, 5) === "#!AMR", "AMR audio"],
  [(b) => ascii(b, 4, 4) === "ftyp" && /^(heic|heix|mif1|avif)$/.test(ascii(b, 8, 4)), "HEIF/AVIF image"],
  // ADTS (raw AAC) shares MP3's sync word; its layer field is 00, which MPEG audio never uses.
  [(b) => b[0] === 0xff && (b[1]! & 0xf6) === 0xf0, "raw AAC (ADTS) audio"],
]

/** The kind of file whose signature starts `head`, if it is one of the known non-decodable ones. */
export const knownSignature = (head: Uint8Array): string | undefined =>
  SIGNATURES.find(([test]) => test(head))?.[1]

/** Bytes that never occur in text: C0 controls other than tab, newline, form feed, carriage return, escape. */
const isBinaryByte = (byte: number): boolean =>
  byte < 0x20 && !(byte >= 0x09 && byte <= 0x0d) && byte !== 0x1b

/**
 * Names what `head` (the first bytes of an input) looks like when it is not decodable audio:
 * a known binary signature, `"HTML document"`, `"XML document"`, `"JSON text"`, `"text"`, or
 * `"unknown binary data"`.
 */
export const describeNonAudio = (head: Uint8Array): string => {
  const signature = knownSignature(head)
  if (signature !== undefined) return signature
  const sample = head.subarray(0, 4096)
  if (sample.length === 0 || sample.some(isBinaryByte)) return "unknown binary data"
  // `stream: true` holds back a character cut at the end of the sample instead of replacing it.
  const text = new TextDecoder("utf-8").decode(sample, { stream: true })
  if (text.includes("\uFFFD")) return "unknown binary data" // not UTF-8
  const start = text
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase()
  if (start.startsWith("<!doctype html") || /<(html|head|body)[\s>]/.test(start)) return "HTML document"
  if (start.startsWith("<?xml") || start.startsWith("<svg")) return "XML document"
  if (start.startsWith("{") || start.startsWith("[")) return "JSON text"
  return "text"
}

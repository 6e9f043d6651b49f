/**
 * Recomputes the checksums of Ogg pages. libogg drops a page whose CRC does not match, so a mutated
 * Ogg file would mostly exercise the page resynchronisation; with the checksums made right again the
 * mutation reaches the Vorbis and Opus decoders themselves.
 *
 * Reference: RFC 3533 §6 (CRC-32, polynomial 0x04c11db7, initial value 0, no reflection, computed with
 * the checksum field set to zero).
 *
 * @module
 */

const TABLE = (() => {
  const table = new Uint32Array(256)
  for (let i = 0; i < 256; i++) {
    let r = i << 24
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1
    table[i] = r >>> 0
  }
  return table
})()

const crc = (bytes: Uint8Array): number => {
  let c = 0
  for (const b of bytes) c = ((c << 8) ^ TABLE[((c >>> 24) ^ b) & 0xff]!) >>> 0
  return c
}

/** Rewrites, in place, the checksum of every whole page found by walking from offset 0. */
export const repairOggChecksums = (bytes: Uint8Array): void => {
  let at = 0
  while (at + 27 <= bytes.length && bytes[at] === 0x4f && bytes[at + 1] === 0x67 && bytes[at + 2] === 0x67) {
    const segments = bytes[at + 26]!
    if (at + 27 + segments > bytes.length) return
    let end = at + 27 + segments
    for (let i = 0; i < segments; i++) end += bytes[at + 27 + i]!
    if (end > bytes.length) return
    const page = bytes.subarray(at, end)
    page.fill(0, 22, 26)
    new DataView(page.buffer, page.byteOffset).setUint32(22, crc(page), true)
    at = end
  }
}

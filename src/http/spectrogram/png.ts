/**
 * A minimal PNG encoder for 8-bit RGB images (one IDAT chunk, no filtering), enough to send a
 * spectrogram to a browser without an image library.
 *
 * @module
 */
import { crc32, deflateSync } from "node:zlib"

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)

const chunk = (type: string, data: Uint8Array): Uint8Array => {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)))
  return out
}

/**
 * Encodes an RGB image as PNG (ISO/IEC 15948, colour type 2, bit depth 8).
 *
 * @param rgb - `height` rows of `width` pixels, 3 bytes each, top row first
 */
export const encodePng = (width: number, height: number, rgb: Uint8Array): Uint8Array => {
  if (rgb.length !== width * height * 3)
    throw new RangeError(
      `an RGB image of ${width}×${height} holds ${width * height * 3} bytes, got ${rgb.length}`,
    )
  const header = new Uint8Array(13)
  const view = new DataView(header.buffer)
  view.setUint32(0, width)
  view.setUint32(4, height)
  header.set([8, 2, 0, 0, 0], 8) // depth 8, RGB, deflate, no filter method, no interlace
  // Each row starts with its filter type (0: none).
  const raw = new Uint8Array(height * (1 + width * 3))
  for (let y = 0; y < height; y++)
    raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (1 + width * 3) + 1)
  const parts = [
    SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", new Uint8Array(0)),
  ]
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

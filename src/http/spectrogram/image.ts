/**
 * The picture of a mel spectrogram the demo page shows: dB scale, the top `dbRange` dB in a
 * perceptually ordered colour map (black → purple → orange → pale yellow, after matplotlib's
 * "magma"), time left to right, low bands at the bottom.
 *
 * @module
 */
import type { FrameMatrix } from "../../dsp/matrix.ts"
import { encodePng } from "./png.ts"

/** Anchors of the colour map, evenly spaced from 0 (quiet) to 1 (loud). */
const MAGMA: ReadonlyArray<readonly [number, number, number]> = [
  [0, 0, 4],
  [40, 11, 84],
  [101, 21, 110],
  [159, 42, 99],
  [212, 72, 66],
  [245, 125, 21],
  [250, 193, 39],
  [252, 253, 191],
]

const colour = (t: number, out: Uint8Array, at: number): void => {
  const x = Math.min(1, Math.max(0, t)) * (MAGMA.length - 1)
  const i = Math.min(MAGMA.length - 2, Math.floor(x))
  const f = x - i
  const a = MAGMA[i]!
  const b = MAGMA[i + 1]!
  out[at] = Math.round(a[0] + f * (b[0] - a[0]))
  out[at + 1] = Math.round(a[1] + f * (b[1] - a[1]))
  out[at + 2] = Math.round(a[2] + f * (b[2] - a[2]))
}

export interface SpectrogramPicture {
  readonly png: Uint8Array
  readonly width: number
  readonly height: number
  /** dB of the darkest and the brightest colour. */
  readonly dbRange: readonly [number, number]
}

/**
 * Renders a mel power spectrogram (frame-major, frames × bands) as a PNG. Frames are averaged in
 * groups so the image is at most `maxWidth` columns wide; values are `10·log10(power)` relative to
 * the loudest cell, clipped `dbRange` dB below it (librosa: `specshow(power_to_db(S, ref=np.max,
 * top_db=80))`).
 *
 * @param maxWidth - default 1024 columns
 * @param dbRange - default 80 dB
 */
export const spectrogramPicture = (
  mel: FrameMatrix,
  options: { readonly maxWidth?: number; readonly dbRange?: number } = {},
): SpectrogramPicture => {
  const { maxWidth = 1024, dbRange = 80 } = options
  const bands = mel.bins
  const group = Math.max(1, Math.ceil(mel.frames / maxWidth))
  const width = Math.max(1, Math.ceil(mel.frames / group))
  const db = new Float32Array(width * bands)
  let top = -Infinity
  for (let x = 0; x < width; x++) {
    const from = x * group
    const to = Math.min(mel.frames, from + group)
    for (let b = 0; b < bands; b++) {
      let sum = 0
      for (let t = from; t < to; t++) sum += mel.data[t * bands + b]!
      const value = 10 * Math.log10(Math.max(1e-10, sum / Math.max(1, to - from)))
      db[x * bands + b] = value
      if (value > top) top = value
    }
  }
  if (!Number.isFinite(top)) top = -100
  const bottom = top - dbRange
  const rgb = new Uint8Array(width * bands * 3)
  for (let y = 0; y < bands; y++) {
    const band = bands - 1 - y
    for (let x = 0; x < width; x++)
      colour((db[x * bands + band]! - bottom) / dbRange, rgb, (y * width + x) * 3)
  }
  return { png: encodePng(width, bands, rgb), width, height: bands, dbRange: [bottom, top] }
}

/**
 * Access to librosa 0.10.1 reference outputs copied into test/fixtures/golden
 * (see its README.md for the parameters and the tolerances a faithful float32
 * implementation should reach).
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { decodeNpy, type NpyArray } from "../../src/dsp/npy.ts"

export const goldenDir = fileURLToPath(new URL("../fixtures/golden/", import.meta.url))

/** The signals librosa was run on. */
export const signals = ["tones", "song", "gtzan_rock", "silence", "short"] as const
export type Signal = (typeof signals)[number]

export const loadGolden = (path: string): NpyArray => decodeNpy(readFileSync(`${goldenDir}${path}.npy`))

export const goldenIndex = (
  signal: Signal,
): {
  arrays: Record<string, { shape: number[]; dtype: string }>
  scalars: Record<string, number>
} => JSON.parse(readFileSync(`${goldenDir}${signal}/index.json`, "utf8"))

/** Largest |a - b| divided by the largest |b| (1 where b is all zeros). */
export const maxRelativeToPeak = (actual: ArrayLike<number>, expected: ArrayLike<number>): number => {
  let peak = 0
  let worst = 0
  for (let i = 0; i < expected.length; i++) peak = Math.max(peak, Math.abs(expected[i]!))
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!))
  return worst / (peak > 0 ? peak : 1)
}

/** Largest |a - b|. */
export const maxAbsolute = (actual: ArrayLike<number>, expected: ArrayLike<number>): number => {
  let worst = 0
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!))
  return worst
}

import { powerToDb as toDb } from "../../dsp/db.ts"
import type { MelBlock, MelWindow } from "../chunks.ts"

/** Options of the streaming dB conversion: only the element-wise ones. */
export interface StreamDbOptions {
  /** The power that maps to 0 dB. Default 1 (librosa's default `ref=1.0`). */
  readonly ref?: number
  /** Powers below `amin` count as `amin`. Default 1e-10 (a floor of -100 dB with `ref` 1). */
  readonly amin?: number
}

/**
 * Mel powers to decibels, `10·log10(max(amin, S) / ref)`, block by block: librosa's
 * `power_to_db(S, ref=1.0, amin=1e-10, top_db=None)`.
 *
 * `ref=np.max` and `top_db` look at a whole clip, which a stream does not have; apply them to complete
 * windows with {@link windowToDb} (after `window`), or to a whole matrix with `dsp/db.ts`.
 */
export const powerToDb =
  (options: StreamDbOptions = {}) =>
  <E, R>(self: Stream.Stream<MelBlock<"power">, E, R>): Stream.Stream<MelBlock<"db">, E, R> =>
    Stream.map(self, (block) => ({
      ...block,
      scale: "db" as const,
      mel: toDb(block.mel, { ref: options.ref ?? 1, amin: options.amin ?? 1e-10, topDb: null }),
    }))

/**
 * A window of mel powers to decibels with librosa's whole-array options (`ref` default 1 or `"max"`,
 * `topDb` default 80), applied to the window as librosa applies them to a clip.
 */
export const windowToDb =
  (options: { ref?: number | "max"; amin?: number; topDb?: number | null } = {}) =>
  <E, R>(self: Stream.Stream<MelWindow<"power">, E, R>): Stream.Stream<MelWindow<"db">, E, R> =>
    Stream.map(self, (window) => ({ ...window, scale: "db" as const, mel: toDb(window.mel, options) }))

import { Stream } from "effect"

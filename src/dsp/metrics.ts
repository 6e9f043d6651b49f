/**
 * Accuracy measures for tempo and key estimates, as the MIR literature and MIREX report them.
 *
 * @module
 */
import type { Key } from "./key-label.ts"

/**
 * Tempo accuracy 1: the estimate lies within `tolerance` (relative) of the reference tempo.
 *
 * @param estimate - estimated tempo in BPM
 * @param reference - annotated tempo in BPM
 * @param tolerance - relative tolerance; default 0.04 (4 %)
 * @see Gouyon et al., "An experimental comparison of audio tempo induction algorithms", IEEE TASLP 14(5), 2006.
 *   Equals `mir_eval`-style "Accuracy 1"; librosa has no equivalent.
 */
export const tempoAccuracy1 = (estimate: number, reference: number, tolerance = 0.04): boolean =>
  Math.abs(estimate - reference) <= tolerance * reference

/** The metrical factors Accuracy 2 forgives: double, triple, half and third of the reference. */
export const octaveFactors = [1, 2, 3, 1 / 2, 1 / 3] as const

/**
 * Tempo accuracy 2: the estimate lies within `tolerance` of the reference tempo times 1, 2, 3, ½ or
 * ⅓ (octave and triple/third errors forgiven). Same reference and default as {@link tempoAccuracy1}.
 */
export const tempoAccuracy2 = (estimate: number, reference: number, tolerance = 0.04): boolean =>
  octaveFactors.some((f) => tempoAccuracy1(estimate, reference * f, tolerance))

/**
 * MIREX weighted key score of one estimate: 1 for the same key, 0.5 for a perfect fifth apart in the
 * same mode, 0.3 for the relative key, 0.2 for the parallel key, 0 otherwise.
 *
 * @param estimate - estimated key
 * @param reference - annotated key
 * @param descendingFifths - also give 0.5 to a fifth below the reference (the "a fifth apart");
 *   default true. `mir_eval.key.weighted_score` counts only a fifth above unless
 *   `allow_descending_fifths=True`.
 * @see MIREX Audio Key Detection (2005-); `mir_eval.key.weighted_score`.
 */
export const mirexKeyScore = (estimate: Key, reference: Key, descendingFifths = true): number => {
  const interval = (((estimate.tonic - reference.tonic) % 12) + 12) % 12
  if (estimate.mode === reference.mode) {
    if (interval === 0) return 1
    if (interval === 7 || (descendingFifths && interval === 5)) return 0.5
    return 0
  }
  if (reference.mode === "major" && interval === 9) return 0.3 // estimate is the relative minor
  if (reference.mode === "minor" && interval === 3) return 0.3 // estimate is the relative major
  if (interval === 0) return 0.2
  return 0
}

/** Fractions of correct estimates over a data set, each in [0, 1] (NaN when `pairs` is empty). */
export interface TempoSummary {
  readonly acc1: number
  readonly acc2: number
  readonly count: number
}

/** Acc1 and Acc2 over `(estimate, reference)` pairs, with {@link tempoAccuracy1}'s tolerance. */
export const summarizeTempo = (
  pairs: ReadonlyArray<readonly [estimate: number, reference: number]>,
  tolerance = 0.04,
): TempoSummary => ({
  acc1: pairs.filter(([e, r]) => tempoAccuracy1(e, r, tolerance)).length / pairs.length,
  acc2: pairs.filter(([e, r]) => tempoAccuracy2(e, r, tolerance)).length / pairs.length,
  count: pairs.length,
})

/** The mean MIREX weighted score and the exact accuracy over a data set. */
export interface KeySummary {
  readonly mirex: number
  readonly exact: number
  readonly count: number
}

/** MIREX weighted score (mean of {@link mirexKeyScore}) and exact accuracy over `(estimate, reference)` pairs. */
export const summarizeKey = (
  pairs: ReadonlyArray<readonly [estimate: Key, reference: Key]>,
  descendingFifths = true,
): KeySummary => {
  const scores = pairs.map(([e, r]) => mirexKeyScore(e, r, descendingFifths))
  return {
    mirex: scores.reduce((a, b) => a + b, 0) / pairs.length,
    exact: scores.filter((s) => s === 1).length / pairs.length,
    count: pairs.length,
  }
}

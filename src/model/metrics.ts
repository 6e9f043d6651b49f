/**
 * Evaluation measures per head: accuracy, macro-F1 and the confusion matrix for class heads; mean
 * absolute error, Acc1 and Acc2 for tempo; the MIREX weighted score for key.
 *
 * @module
 */
import { parseKey } from "../dsp/key-label.ts"
import { mirexKeyScore as mirexKeyPairScore, tempoAccuracy1, tempoAccuracy2 } from "../dsp/metrics.ts"

/** Measures of a classification head over labelled clips. */
export interface ClassificationMetrics {
  readonly count: number
  readonly accuracy: number
  /** Unweighted mean of the per-class F1 over classes that occur as a label or a prediction. */
  readonly macroF1: number
  /** Fraction of clips whose label is among the three most probable classes. */
  readonly top3Accuracy: number
  /** `confusion[label][predicted]` counts. */
  readonly confusion: ReadonlyArray<ReadonlyArray<number>>
  readonly classes: ReadonlyArray<string>
}

/** Indices of the `k` largest values, largest first. */
export const topK = (values: ArrayLike<number>, k: number): number[] =>
  Array.from({ length: values.length }, (_, i) => i)
    .sort((a, b) => values[b]! - values[a]! || a - b)
    .slice(0, k)

/** Index of the largest value (the first on ties). numpy: `np.argmax`. */
export const argmax = (values: ArrayLike<number>): number => {
  let best = 0
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i
  return best
}

/**
 * Accuracy, macro-F1 and confusion matrix of ranked predictions: `rankings[i]` lists clip `i`'s
 * most probable classes first (at least one, up to three are used), `labels[i]` is its class index
 * (negative = unlabelled, skipped). scikit-learn: `accuracy_score`, `f1_score(average="macro")`
 * (over classes present in labels or predictions, its default `labels=None`), `confusion_matrix`,
 * `top_k_accuracy_score(k=3)`.
 */
export const rankedClassificationMetrics = (
  rankings: ReadonlyArray<ReadonlyArray<number>>,
  labels: ArrayLike<number>,
  classes: ReadonlyArray<string>,
): ClassificationMetrics => {
  const c = classes.length
  const confusion = Array.from({ length: c }, () => new Array<number>(c).fill(0))
  let count = 0
  let correct = 0
  let top3 = 0
  rankings.forEach((ranked, i) => {
    const y = labels[i]!
    if (y < 0 || ranked.length === 0) return
    confusion[y]![ranked[0]!]!++
    count++
    if (ranked[0] === y) correct++
    if (ranked.slice(0, 3).includes(y)) top3++
  })
  const f1s: number[] = []
  for (let k = 0; k < c; k++) {
    const tp = confusion[k]![k]!
    const actual = confusion[k]!.reduce((a, b) => a + b, 0)
    const predicted = confusion.reduce((a, row) => a + row[k]!, 0)
    if (actual === 0 && predicted === 0) continue
    f1s.push((2 * tp) / (actual + predicted))
  }
  return {
    count,
    accuracy: count === 0 ? Number.NaN : correct / count,
    macroF1: f1s.length === 0 ? Number.NaN : f1s.reduce((a, b) => a + b, 0) / f1s.length,
    top3Accuracy: count === 0 ? Number.NaN : top3 / count,
    confusion,
    classes,
  }
}

/** {@link rankedClassificationMetrics} of class probabilities (one array per clip). */
export const classificationMetrics = (
  probabilities: ReadonlyArray<ArrayLike<number>>,
  labels: ArrayLike<number>,
  classes: ReadonlyArray<string>,
): ClassificationMetrics =>
  rankedClassificationMetrics(
    probabilities.map((p) => topK(p, 3)),
    labels,
    classes,
  )

/** Mean negative log-likelihood of the labels under the predicted probabilities (unlabelled skipped). */
export const meanLogLoss = (
  probabilities: ReadonlyArray<ArrayLike<number>>,
  labels: ArrayLike<number>,
): number => {
  let sum = 0
  let count = 0
  probabilities.forEach((p, i) => {
    const y = labels[i]!
    if (y < 0) return
    sum -= Math.log(Math.max(p[y]!, 1e-7))
    count++
  })
  return count === 0 ? Number.NaN : sum / count
}

/** Measures of tempo estimates. */
export interface TempoMetrics {
  readonly count: number
  /** Mean absolute error in BPM. */
  readonly mae: number
  /** Within 4 % of the reference. */
  readonly acc1: number
  /** Within 4 % of the reference times 1, 2, 3, ½ or ⅓. */
  readonly acc2: number
}

/**
 * MAE, Acc1 and Acc2 of tempo `estimates` against `references` (NaN references are skipped), with the
 * estimators' definitions (`tempoAccuracy1` / `tempoAccuracy2` of `src/dsp/metrics.ts`: within 4 %,
 * Acc2 also forgiving ×2, ×3, ×½, ×⅓). Reference: Gouyon et al., IEEE TASLP 14(5), 2006.
 */
export const tempoMetrics = (estimates: ArrayLike<number>, references: ArrayLike<number>): TempoMetrics => {
  let count = 0
  let error = 0
  let acc1 = 0
  let acc2 = 0
  for (let i = 0; i < references.length; i++) {
    const r = references[i]!
    const e = estimates[i]!
    if (!Number.isFinite(r)) continue
    count++
    error += Math.abs(e - r)
    if (tempoAccuracy1(e, r)) acc1++
    if (tempoAccuracy2(e, r)) acc2++
  }
  return {
    count,
    mae: count === 0 ? Number.NaN : error / count,
    acc1: count === 0 ? Number.NaN : acc1 / count,
    acc2: count === 0 ? Number.NaN : acc2 / count,
  }
}

/**
 * MIREX weighted key score of key labels (`"A minor"`): 1 same key, 0.5 a fifth apart either way in
 * the same mode, 0.3 relative, 0.2 parallel, else 0 — the estimators' `mirexKeyScore` on parsed
 * labels (an unparsable label scores 0). `mir_eval.key.weighted_score(..., allow_descending_fifths=True)`.
 */
export const mirexKeyScore = (estimate: string, reference: string): number => {
  const e = parseKey(estimate)
  const r = parseKey(reference)
  return e === undefined || r === undefined ? 0 : mirexKeyPairScore(e, r)
}

/** Mean MIREX score and exact accuracy over labelled clips (`undefined` references skipped). */
export const keyMetrics = (
  estimates: ReadonlyArray<string>,
  references: ReadonlyArray<string | undefined>,
): { readonly count: number; readonly mirex: number; readonly accuracy: number } => {
  let count = 0
  let score = 0
  let exact = 0
  references.forEach((r, i) => {
    if (r === undefined) return
    count++
    score += mirexKeyScore(estimates[i]!, r)
    if (estimates[i] === r) exact++
  })
  return {
    count,
    mirex: count === 0 ? Number.NaN : score / count,
    accuracy: count === 0 ? Number.NaN : exact / count,
  }
}

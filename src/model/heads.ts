/**
 * The model's task heads and how labels become training targets: class indices for genre, mood and
 * key (−1 where a clip has no label), a log-tempo target for BPM (NaN where absent).
 *
 * @module
 */
import { pitchClassNames } from "../dsp/key-label.ts"
import { classesOf, type Example } from "./dataset.ts"

/** The four tasks of the integration spec. */
export type HeadName = "genre" | "mood" | "bpm" | "key"

/** The classification heads (BPM is a regression). */
export type ClassHead = "genre" | "mood" | "key"

export const classHeads: ReadonlyArray<ClassHead> = ["genre", "mood", "key"]

/**
 * The 24 key classes in a fixed order, `"C major" … "B major", "C minor" … "B minor"` (the features
 * file's spelling), so that a key head means the same in every model whatever keys its data holds.
 */
export const keyClasses: ReadonlyArray<string> = [
  ...pitchClassNames.map((t) => `${t} major`),
  ...pitchClassNames.map((t) => `${t} minor`),
]

/** Which heads a model has: the class list of each class head, and whether it regresses BPM. */
export interface HeadLayout {
  readonly genre?: ReadonlyArray<string>
  readonly mood?: ReadonlyArray<string>
  readonly key?: ReadonlyArray<string>
  readonly bpm: boolean
}

/**
 * The heads the data can train: a class head for every label that has at least two classes (one
 * class teaches nothing), a BPM head when any clip has a tempo. Key always has the 24 {@link keyClasses}.
 */
export const headLayoutOf = (examples: ReadonlyArray<Example>): HeadLayout => {
  const genre = classesOf(examples, "genre")
  const mood = classesOf(examples, "mood")
  const hasKey = examples.some((e) => e.labels.key !== undefined)
  return {
    ...(genre.length >= 2 && { genre }),
    ...(mood.length >= 2 && { mood }),
    ...(hasKey && { key: keyClasses }),
    bpm: examples.some((e) => e.labels.bpm !== undefined),
  }
}

/** The heads of a layout, in the fixed order genre, mood, bpm, key. */
export const headsOf = (layout: HeadLayout): HeadName[] =>
  (["genre", "mood", "bpm", "key"] as const).filter((h) =>
    h === "bpm" ? layout.bpm : layout[h] !== undefined,
  )

/** The tempo the BPM head's output is relative to: it predicts `log2(bpm / 120)`. */
export const BPM_REFERENCE = 120

/** The BPM head's target for a tempo. */
export const bpmTarget = (bpm: number): number => Math.log2(bpm / BPM_REFERENCE)

/** Training targets of a set of examples, in example order. */
export interface Targets {
  /** Class index per example, −1 where the label is missing (or unknown to the layout). */
  readonly genre: Int32Array
  readonly mood: Int32Array
  readonly key: Int32Array
  /** {@link bpmTarget} per example, NaN where missing. */
  readonly bpm: Float32Array
}

const indexIn = (classes: ReadonlyArray<string> | undefined, label: string | undefined): number =>
  classes === undefined || label === undefined ? -1 : classes.indexOf(label)

/** Encodes every example's labels for `layout`. */
export const targetsOf = (examples: ReadonlyArray<Example>, layout: HeadLayout): Targets => ({
  genre: Int32Array.from(examples, (e) => indexIn(layout.genre, e.labels.genre)),
  mood: Int32Array.from(examples, (e) => indexIn(layout.mood, e.labels.mood)),
  key: Int32Array.from(examples, (e) => indexIn(layout.key, e.labels.key)),
  bpm: Float32Array.from(examples, (e) =>
    e.labels.bpm === undefined ? Number.NaN : bpmTarget(e.labels.bpm),
  ),
})

/**
 * Class weights against imbalance: `(n / (C · n_c))^power` for each class seen in `labels`
 * (`power` 1 is scikit-learn's `class_weight="balanced"`, 0 no weighting; ½ evens the classes out
 * halfway, trading a little top-1 accuracy for a better macro-F1), capped at `cap` so that a class
 * with one or two clips cannot dominate. Classes without examples get weight 1 (never a target).
 *
 * @param power - exponent of the balanced weight. Default 1.
 * @param cap - largest weight. Default 5.
 */
export const balancedClassWeights = (
  labels: ArrayLike<number>,
  classes: number,
  power = 1,
  cap = 5,
): Float32Array => {
  const counts = new Float64Array(classes)
  let n = 0
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!
    if (y >= 0) {
      counts[y]!++
      n++
    }
  }
  const present = counts.filter((c) => c > 0).length
  return Float32Array.from(counts, (c) => (c === 0 ? 1 : Math.min(cap, (n / (present * c)) ** power)))
}

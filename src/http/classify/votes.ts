/**
 * A stream's overall prediction from its windows' predictions: each class head by vote (the share
 * of windows that ranked a label first), the tempo as the median of the windows' tempi.
 *
 * @module
 */
import type { AnswerSource, Prediction } from "../../model/classifier.ts"
import type { SummaryLine } from "../../schema/api.ts"

type ClassHeadName = "genre" | "mood" | "key"

/** Window predictions folded into a summary as they arrive (memory: one counter per label). */
export class Votes {
  windows = 0
  private readonly counts: Record<ClassHeadName, Map<string, number>> = {
    genre: new Map(),
    mood: new Map(),
    key: new Map(),
  }
  private readonly tempi: number[] = []
  private tempoSource: AnswerSource = "estimator"
  private keySource: AnswerSource = "estimator"

  add(prediction: Prediction): void {
    this.windows++
    for (const head of ["genre", "mood", "key"] as const) {
      const label = prediction[head]?.label
      if (label !== undefined) this.counts[head].set(label, (this.counts[head].get(label) ?? 0) + 1)
    }
    if (prediction.key !== undefined) this.keySource = prediction.key.source
    if (prediction.bpm !== undefined) {
      this.tempi.push(prediction.bpm.value)
      this.tempoSource = prediction.bpm.source
    }
  }

  private head(name: ClassHeadName) {
    const ranked = [...this.counts[name].entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([label, n]) => ({ label, confidence: n / this.windows }))
    return ranked.length === 0 ? undefined : { ...ranked[0]!, top3: ranked.slice(0, 3) }
  }

  /** The heads of the summary line: votes for the class heads, the median tempo. */
  summary(): Pick<SummaryLine, "genre" | "mood" | "bpm" | "key"> {
    const genre = this.head("genre")
    const mood = this.head("mood")
    const key = this.head("key")
    const sorted = [...this.tempi].sort((a, b) => a - b)
    const mid = sorted.length >> 1
    const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
    return {
      ...(genre !== undefined && { genre }),
      ...(mood !== undefined && { mood }),
      ...(key !== undefined && { key: { ...key, source: this.keySource } }),
      ...(sorted.length > 0 && {
        bpm: {
          value: median,
          confidence: sorted.filter((t) => Math.abs(t - median) <= 0.04 * median).length / sorted.length,
          source: this.tempoSource,
        },
      }),
    }
  }
}

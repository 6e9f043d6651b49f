import { describe, expect, it } from "vitest"
import {
  argmax,
  classificationMetrics,
  keyMetrics,
  meanLogLoss,
  mirexKeyScore,
  tempoMetrics,
  topK,
} from "./metrics.ts"

describe("classificationMetrics", () => {
  // scikit-learn on y_true = [0, 0, 1, 1, 2, 2], y_pred = [0, 1, 1, 1, 0, 2]:
  // accuracy_score 0.6667, f1_score(average="macro") 0.6556, confusion_matrix [[1,1,0],[0,2,0],[1,0,1]].
  const predicted = [0, 1, 1, 1, 0, 2]
  const onehot = (k: number) => Float32Array.from([0, 1, 2], (c) => (c === k ? 0.8 : 0.1))

  it("matches scikit-learn's accuracy, macro-F1 and confusion matrix", () => {
    const m = classificationMetrics(predicted.map(onehot), [0, 0, 1, 1, 2, 2], ["a", "b", "c"])
    expect(m.count).toBe(6)
    expect(m.accuracy).toBeCloseTo(4 / 6, 10)
    expect(m.macroF1).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 10)
    expect(m.confusion).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ])
    expect(m.top3Accuracy).toBe(1)
  })

  it("skips unlabelled clips and counts top-3 hits", () => {
    const p = [Float32Array.of(0.5, 0.3, 0.15, 0.05), Float32Array.of(0.1, 0.2, 0.3, 0.4)]
    const m = classificationMetrics([...p, p[0]!], [3, 3, -1], ["a", "b", "c", "d"])
    expect(m.count).toBe(2)
    expect(m.accuracy).toBe(0.5)
    expect(m.top3Accuracy).toBe(0.5)
  })

  it("ranks and picks like numpy", () => {
    expect(topK([0.1, 0.5, 0.2, 0.5], 3)).toEqual([1, 3, 2])
    expect(argmax([1, 3, 3])).toBe(1)
    expect(meanLogLoss([Float32Array.of(0.25, 0.75)], [1])).toBeCloseTo(-Math.log(0.75), 6)
  })
})

describe("tempo and key measures", () => {
  it("Acc1 needs 4 %, Acc2 forgives octave and triple errors", () => {
    const m = tempoMetrics([120, 124, 60, 181, 100, 90], [120, 120, 120, 60, 120, Number.NaN])
    expect(m.count).toBe(5)
    expect(m.acc1).toBeCloseTo(2 / 5, 10) // 120, 124 (3.3 %)
    expect(m.acc2).toBeCloseTo(4 / 5, 10) // + 60 (half), 181 (≈ triple of 60)
    expect(m.mae).toBeCloseTo((0 + 4 + 60 + 121 + 20) / 5, 10)
  })

  it("MIREX weighted score (mir_eval with descending fifths)", () => {
    expect(mirexKeyScore("C major", "C major")).toBe(1)
    expect(mirexKeyScore("G major", "C major")).toBe(0.5)
    expect(mirexKeyScore("F major", "C major")).toBe(0.5)
    expect(mirexKeyScore("A minor", "C major")).toBe(0.3)
    expect(mirexKeyScore("C major", "A minor")).toBe(0.3)
    expect(mirexKeyScore("C minor", "C major")).toBe(0.2)
    expect(mirexKeyScore("D major", "C major")).toBe(0)
    expect(keyMetrics(["C major", "G major", "E minor"], ["C major", "C major", undefined])).toEqual({
      count: 2,
      mirex: 0.75,
      accuracy: 0.5,
    })
  })
})

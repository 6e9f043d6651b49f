import { describe, expect, it } from "vitest"
import type { Example } from "./dataset.ts"
import { balancedClassWeights, bpmTarget, headLayoutOf, headsOf, keyClasses, targetsOf } from "./heads.ts"

const clip = (labels: Example["labels"]): Example => ({
  filename: "x",
  features: new Float32Array(1),
  mel: new Float32Array(1),
  melBands: 1,
  frames: 1,
  labels,
})

describe("heads", () => {
  it("has a head per label with two or more classes, key with all 24, and encodes missing labels", () => {
    const examples = [
      clip({ genre: "rock", mood: "calm", bpm: 120 }),
      clip({ genre: "jazz", mood: "calm", key: "A minor" }),
      clip({ genre: "rock" }),
    ]
    const layout = headLayoutOf(examples)
    expect(layout).toEqual({ genre: ["jazz", "rock"], key: keyClasses, bpm: true })
    expect(headsOf(layout)).toEqual(["genre", "bpm", "key"])
    expect(keyClasses).toHaveLength(24)
    const t = targetsOf(examples, layout)
    expect(Array.from(t.genre)).toEqual([1, 0, 1])
    expect(Array.from(t.mood)).toEqual([-1, -1, -1])
    expect(Array.from(t.key)).toEqual([-1, keyClasses.indexOf("A minor"), -1])
    expect(t.bpm[0]).toBe(bpmTarget(120))
    expect(Number.isNaN(t.bpm[1]!)).toBe(true)
  })

  it("weighs classes like scikit-learn's balanced weights, softened by a power and capped", () => {
    const labels = [0, 0, 0, 1, -1]
    expect(Array.from(balancedClassWeights(labels, 3))).toEqual([Math.fround(4 / 6), 2, 1])
    expect(balancedClassWeights(labels, 3, 0.5)[1]).toBeCloseTo(Math.SQRT2, 6)
    expect(balancedClassWeights([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 2)[1]).toBe(5)
  })
})

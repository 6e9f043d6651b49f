import { describe, expect, it } from "vitest"
import { createRng } from "./random.ts"
import { foldIndices, stratifiedFolds, stratifiedSplit } from "./split.ts"

describe("stratifiedFolds", () => {
  const strata = [...Array(30).fill("rock"), ...Array(12).fill("jazz"), ...Array(3).fill("folk")]

  it("spreads every class evenly and is reproducible", () => {
    const folds = stratifiedFolds(strata, 3, 7)
    expect(stratifiedFolds(strata, 3, 7)).toEqual(folds)
    expect(stratifiedFolds(strata, 3, 8)).not.toEqual(folds)
    for (let f = 0; f < 3; f++) {
      const { validation } = foldIndices(folds, f)
      const count = (s: string) => validation.filter((i) => strata[i] === s).length
      expect(count("rock")).toBe(10)
      expect(count("jazz")).toBe(4)
      expect(count("folk")).toBe(1)
    }
  })

  it("covers every example exactly once", () => {
    const folds = stratifiedFolds(strata, 5, 1)
    const seen = new Set<number>()
    for (let f = 0; f < 5; f++) for (const i of foldIndices(folds, f).validation) seen.add(i)
    expect(seen.size).toBe(strata.length)
  })

  it("splits a fraction for validation", () => {
    const { train, validation } = stratifiedSplit(strata, 0.2, 3)
    expect(train.length + validation.length).toBe(45)
    expect(validation.filter((i) => strata[i] === "rock").length).toBe(6)
    expect(() => stratifiedSplit(strata, 1.5, 3)).toThrow(RangeError)
  })
})

describe("createRng", () => {
  it("is uniform enough and seeded", () => {
    const rng = createRng(42)
    let sum = 0
    for (let i = 0; i < 10000; i++) sum += rng.next()
    expect(sum / 10000).toBeGreaterThan(0.48)
    expect(sum / 10000).toBeLessThan(0.52)
    expect(createRng(42).next()).toBe(createRng(42).next())
  })
})

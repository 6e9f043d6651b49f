import { describe, expect, it } from "vitest"
import { parseKey } from "./key-label.ts"
import { mirexKeyScore, summarizeKey, summarizeTempo, tempoAccuracy1, tempoAccuracy2 } from "./metrics.ts"

const key = (label: string) => {
  const k = parseKey(label)
  if (!k) throw new Error(`bad label ${label}`)
  return k
}

describe("tempo accuracy", () => {
  it("accepts 4 % either side and no more", () => {
    expect(tempoAccuracy1(124.8, 120)).toBe(true)
    expect(tempoAccuracy1(115.2, 120)).toBe(true)
    expect(tempoAccuracy1(125, 120)).toBe(false)
    expect(tempoAccuracy1(115, 120)).toBe(false)
  })

  it("Acc2 forgives double, triple, half and third, each with its own 4 % window", () => {
    for (const e of [240, 360, 60, 40, 245, 58]) expect(tempoAccuracy2(e, 120)).toBe(true)
    for (const e of [180, 80, 90, 250, 300]) expect(tempoAccuracy2(e, 120)).toBe(false)
    expect(tempoAccuracy1(240, 120)).toBe(false)
  })

  it("summarises a data set", () => {
    const s = summarizeTempo([
      [120, 120],
      [60, 120],
      [90, 120],
      [100, 100],
    ])
    expect(s).toEqual({ acc1: 0.5, acc2: 0.75, count: 4 })
  })
})

describe("MIREX key score", () => {
  it.each([
    ["C major", "C major", 1],
    ["G major", "C major", 0.5],
    ["F major", "C major", 0.5],
    ["E minor", "A minor", 0.5],
    ["A minor", "C major", 0.3],
    ["C major", "A minor", 0.3],
    ["C minor", "C major", 0.2],
    ["A major", "A minor", 0.2],
    ["D major", "C major", 0],
    ["E minor", "C major", 0],
    ["C major", "E minor", 0],
    ["G minor", "C major", 0],
  ])("%s for %s scores %d", (estimate, reference, score) => {
    expect(mirexKeyScore(key(estimate), key(reference))).toBe(score)
  })

  it("counts only the fifth above when descending fifths are not allowed (mir_eval's default)", () => {
    expect(mirexKeyScore(key("G major"), key("C major"), false)).toBe(0.5)
    expect(mirexKeyScore(key("F major"), key("C major"), false)).toBe(0)
  })

  it("summarises a data set", () => {
    const s = summarizeKey([
      [key("C major"), key("C major")],
      [key("A minor"), key("C major")],
      [key("D major"), key("C major")],
      [key("Bb minor"), key("A# minor")],
    ])
    expect(s.mirex).toBeCloseTo(2.3 / 4, 12)
    expect(s.exact).toBe(0.5)
  })
})

describe("key labels", () => {
  it("parses sharps, flats and short modes", () => {
    expect(parseKey("F# major")).toEqual({ tonic: 6, mode: "major" })
    expect(parseKey("Bb minor")).toEqual({ tonic: 10, mode: "minor" })
    expect(parseKey("cb Major")).toEqual({ tonic: 11, mode: "major" })
    expect(parseKey("E:min")).toEqual({ tonic: 4, mode: "minor" })
    expect(parseKey("")).toBeUndefined()
    expect(parseKey("H major")).toBeUndefined()
  })
})

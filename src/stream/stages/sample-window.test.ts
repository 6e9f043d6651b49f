import { Effect, Stream } from "effect"
import { describe, expect, it } from "vitest"
import type { MonoChunk } from "../chunks.ts"
import { sampleWindow } from "./sample-window.ts"

/** `total` samples whose value is their index, in chunks of `size`, at 100 Hz (1 sample = 10 ms). */
const chunks = (total: number, size: number, sampleRate = 100): MonoChunk[] => {
  const out: MonoChunk[] = []
  for (let offset = 0; offset < total; offset += size) {
    const n = Math.min(size, total - offset)
    out.push({
      _tag: "MonoChunk",
      sampleRate,
      offset,
      samples: Float32Array.from({ length: n }, (_, i) => offset + i),
    })
  }
  return out
}

const collect = (input: MonoChunk[], options?: Parameters<typeof sampleWindow>[0]) =>
  Effect.runSync(Stream.runCollect(Stream.fromIterable(input).pipe(sampleWindow(options))))

describe("sampleWindow", () => {
  it("cuts overlapping windows of the stream's own samples, then an end-aligned tail", () => {
    const windows = collect(chunks(1000, 77), { seconds: 3, hop: 1.5 }) // 300-sample windows, hop 150
    expect(windows.map((w) => [w.offset, w.samples.length])).toEqual([
      [0, 300],
      [150, 300],
      [300, 300],
      [450, 300],
      [600, 300],
      [700, 300], // ends at the last sample
    ])
    for (const w of windows) {
      expect(w.samples[0]).toBe(w.offset)
      expect(w.samples.at(-1)).toBe(w.offset + 299)
      expect(w.start).toBeCloseTo(w.offset / 100, 12)
      expect(w.end).toBeCloseTo((w.offset + 300) / 100, 12)
    }
    expect(windows.map((w) => w.index)).toEqual([0, 1, 2, 3, 4, 5])
  })

  it("gives the same windows however the samples arrive", () => {
    const whole = collect(chunks(1234, 1234), { seconds: 2, hop: 0.7 })
    expect(collect(chunks(1234, 1), { seconds: 2, hop: 0.7 })).toEqual(whole)
    expect(collect(chunks(1234, 333), { seconds: 2, hop: 0.7 })).toEqual(whole)
  })

  it("emits a window as soon as its last sample has arrived", () => {
    let pushed = 0
    const seen: Array<[number, number]> = []
    const source = Stream.fromIterable(chunks(700, 50)).pipe(Stream.tap(() => Effect.sync(() => pushed++)))
    Effect.runSync(
      Stream.runForEach(source.pipe(sampleWindow({ seconds: 3, hop: 3, tail: "drop" })), (w) =>
        Effect.sync(() => seen.push([w.index, pushed])),
      ),
    )
    // Window 0 ends at sample 300 = the 6th chunk; window 1 at 600 = the 12th.
    expect(seen).toEqual([
      [0, 6],
      [1, 12],
    ])
  })

  it("turns a stream shorter than a window into one short window, or nothing with tail: drop", () => {
    expect(collect(chunks(120, 50)).map((w) => [w.offset, w.samples.length])).toEqual([[0, 120]])
    expect(collect(chunks(120, 50), { tail: "drop" })).toEqual([])
    expect(collect([])).toEqual([])
  })

  it("adds no tail when the last window ends at the last sample", () => {
    expect(collect(chunks(450, 100), { seconds: 3, hop: 1.5 }).map((w) => w.offset)).toEqual([0, 150])
  })

  it("rejects a non-positive length or hop", () => {
    expect(() => sampleWindow({ seconds: 0 })).toThrow(RangeError)
    expect(() => sampleWindow({ hop: -1 })).toThrow(RangeError)
  })
})

import { Effect, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { byteSource } from "./byte-source.ts"

/** Every chunk `byteSource` hands out for a stream of `chunks` delivered in batches of `batch`. */
const pulled = (chunks: ReadonlyArray<Uint8Array>, batch: number) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const next = byteSource(yield* Stream.toPull(Stream.fromIterable(chunks, { chunkSize: batch })))
        const out: Uint8Array[] = []
        for (let c = yield* next; c !== undefined; c = yield* next) out.push(c.slice())
        return out
      }),
    ),
  )

const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) & 0xff)
const split = (sizes: ReadonlyArray<number>) => {
  const out: Uint8Array[] = []
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!
    out.push(bytes.subarray(at, at + size))
    at += size
  }
  return out
}
const joined = (chunks: ReadonlyArray<Uint8Array>) => Uint8Array.from(chunks.flatMap((c) => [...c]))

describe("byteSource", () => {
  it("joins the small chunks of one batch, up to 64 KiB, keeping every byte in order", async () => {
    const out = await pulled(split([1, 3, 0, 700]), 100_000)
    expect(joined(out)).toEqual(bytes)
    expect(out).toHaveLength(2)
    expect(out[0]!.length).toBeGreaterThan(65536 - 700)
    expect(out[0]!.length).toBeLessThanOrEqual(65536)
  })

  it("does not wait for later batches to join chunks (no added latency)", async () => {
    const out = await pulled(split([10]), 1)
    expect(out.every((c) => c.length === 10)).toBe(true)
    expect(joined(out)).toEqual(bytes)
  })

  it("hands large chunks over as they are, and skips empty ones", async () => {
    const chunks = [bytes.subarray(0, 5000), new Uint8Array(0), bytes.subarray(5000)]
    const out = await pulled(chunks, 10)
    expect(out.map((c) => c.length)).toEqual([5000, 65000])
  })
})

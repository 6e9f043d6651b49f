import { describe, expect, it } from "vitest"
import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint.ts"

describe("training checkpoints", () => {
  it("round-trip every array bit for bit, whatever the alignment", () => {
    const checkpoint = {
      fingerprint: "abc",
      epoch: 3,
      state: {
        step: 42,
        values: { "conv1.weight": Float32Array.of(1.5, -2, Math.PI), odd: Float64Array.of(Math.E) },
      },
      best: { "conv1.weight": Float32Array.of(0.1, 0.2, 0.3) },
      meta: { history: [{ epoch: 1, loss: 0.5 }], stale: 1 },
    }
    const bytes = encodeCheckpoint(checkpoint)
    // Decoding from an unaligned view of the bytes (as a file read into a pooled buffer may be).
    const shifted = new Uint8Array(bytes.length + 3)
    shifted.set(bytes, 3)
    const back = decodeCheckpoint(shifted.subarray(3))
    expect(back).toEqual(checkpoint)
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 4))).toThrow(/truncated/)
    expect(() => decodeCheckpoint(new Uint8Array(16))).toThrow(/not a mirflow/)
  })
})

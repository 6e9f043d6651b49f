/**
 * A small seeded random generator, so that every fuzz input can be rebuilt from its seed and index
 * alone (`npm run fuzz -- --seed S --only I`).
 *
 * @module
 */

/** splitmix32's finaliser: spreads the bits of a 32-bit integer. */
const mix32 = (x: number): number => {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad)
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97)
  return (x ^ (x >>> 15)) >>> 0
}

/** Random numbers from mulberry32 (period 2^32; ample for inputs of a few kilobytes). */
export class Rng {
  private state: number

  /** The generator of input `index` of a run seeded with `seed`. */
  constructor(seed: number, index = 0) {
    this.state = mix32(mix32(seed >>> 0) ^ Math.imul(index + 1, 0x9e3779b9))
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.u32() / 2 ** 32
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.float() * n)
  }

  /** A uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + this.below(max - min + 1)
  }

  /** An integer in [1, max] spread evenly over orders of magnitude (small values as likely as large). */
  logInt(max: number): number {
    return Math.max(1, Math.min(max, Math.floor(Math.exp(this.float() * Math.log(max + 1)))))
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p
  }

  /** One element of a non-empty array. */
  pick<T>(items: ReadonlyArray<T>): T {
    return items[this.below(items.length)]!
  }

  /** An element chosen with probability proportional to its weight. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0)
    let r = this.float() * total
    for (const [item, w] of items) {
      r -= w
      if (r < 0) return item
    }
    return items[items.length - 1]![0]
  }

  /** `length` random bytes. */
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i++) out[i] = this.u32() & 0xff
    return out
  }
}

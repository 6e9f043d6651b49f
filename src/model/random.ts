/**
 * A small seeded pseudo-random generator (mulberry32), so that shuffles, splits, crops and
 * initialisations are reproducible from one integer seed.
 *
 * @module
 */

export interface Rng {
  /** A float in [0, 1). */
  readonly next: () => number
  /** An integer in [0, n). */
  readonly int: (n: number) => number
  /** A standard normal value (Box-Muller). */
  readonly normal: () => number
}

export const createRng = (seed: number): Rng => {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      const u = Math.max(next(), 1e-12)
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next())
    },
  }
}

/** Fisher-Yates shuffle of a copy. */
export const shuffled = <A>(items: ReadonlyArray<A>, rng: Rng): A[] => {
  const out = items.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = out[i]!
    out[i] = out[j]!
    out[j] = t
  }
  return out
}

/**
 * A seed derived from a base seed and integers (a fold, an epoch…) by a 32-bit hash, so that each
 * epoch's draws can be recreated on their own (a resumed training redraws epoch 7 without replaying
 * epochs 1-6).
 */
export const mixSeed = (base: number, ...parts: ReadonlyArray<number>): number => {
  let h = (base ^ 0x9e3779b9) >>> 0
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b) >>> 0
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0
    h = (h ^ (h >>> 16)) >>> 0
  }
  return h
}

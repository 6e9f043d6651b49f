/**
 * A small seeded random source for weight initialisation (mulberry32 with Box-Muller normals):
 * the same seed gives the same weights on every machine.
 *
 * @module
 */

/** Uniform and normal draws from one seeded stream. */
export interface Random {
  /** Uniform in [0, 1). */
  readonly uniform: () => number
  /** Standard normal. */
  readonly normal: () => number
}

/**
 * A random stream from a 32-bit seed (mulberry32, by Tommy Ettinger; public domain).
 * Reference: https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 */
export const seededRandom = (seed: number): Random => {
  let s = seed >>> 0
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
  const normal = (): number => {
    const u = 1 - uniform() // in (0, 1]: log stays finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform())
  }
  return { uniform, normal }
}

/** A 32-bit seed from a base seed and a name (FNV-1a), so each variable's draws do not depend on creation order. */
export const seedFor = (base: number, name: string): number => {
  let h = (0x811c9dc5 ^ base) >>> 0
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0
  return h
}

/**
 * NumPy's rounding rule, which differs from `Math.round` on halves.
 *
 * @module
 */

/** `numpy.rint` / `numpy.round` of a scalar: halves go to the even neighbour (`2.5 → 2`, `3.5 → 4`, `-2.5 → -2`). */
export const roundHalfEven = (x: number): number => {
  const r = Math.round(x)
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
}

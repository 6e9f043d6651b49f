/**
 * A real-input FFT for power-of-two sizes, planned once and reused across frames.
 *
 * A real frame of `n` samples is packed into `n / 2` complex values (`z[m] = x[2m] + i·x[2m+1]`), whose
 * `n / 2`-point complex FFT is computed by an iterative radix-4 decimation-in-time transform (one
 * radix-2 stage first when `log2(n / 2)` is odd) and then "untangled" into the `n / 2 + 1` bins of the
 * real transform. The plan holds the bit-reversal permutation, the per-stage twiddle factors laid out
 * in the order the butterflies read them, the untangling twiddles and a float64 work buffer, so
 * transforming a frame allocates nothing. Windowing is fused into the first (permuting) pass.
 *
 * References: Cooley & Tukey (1965); the packing and untangling of a real sequence into a half-size
 * complex one: Sorensen, Jones, Heideman & Burrus, "Real-valued fast Fourier transform algorithms",
 * IEEE Trans. ASSP 35(6), 1987; radix-4 butterflies: e.g. Oppenheim & Schafer, Discrete-Time Signal
 * Processing, §9.
 *
 * @module
 */

/** True when `n` is a power of two (1, 2, 4, …). */
export const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0

/**
 * A planned real FFT of one size (see {@link createRealFft}). Not re-entrant: its work buffer is shared
 * by its calls, so concurrent users (workers) each need their own. A class so that every plan shares
 * one compiled copy of its methods.
 */
export class RealFft {
  /** The transform size `n` (a power of two, at least 2). */
  readonly size: number
  /** The number of non-negative frequency bins, `n / 2 + 1`. */
  readonly bins: number
  private readonly plan: Plan

  constructor(n: number) {
    if (!isPowerOfTwo(n) || n < 2 || n > 2 ** 24) {
      throw new RangeError(`FFT size must be a power of two between 2 and 2^24, got ${n}`)
    }
    this.size = n
    this.bins = n / 2 + 1
    this.plan = planRealFft(n)
  }

  /**
   * Spectrum of one real frame: `X[k] = Σ_j x[j]·w[j]·e^{-2πi jk/n}` for `k = 0 … n/2`, written to
   * `re[k]`, `im[k]` (`numpy.fft.rfft(w * x)`).
   *
   * @param input samples; the frame is `input[offset … offset + n)`.
   * @param offset index of the frame's first sample in `input`.
   * @param window `n` weights multiplied into the frame, or `null` for none (rectangular).
   * @param re receives the real parts (length ≥ `n / 2 + 1`).
   * @param im receives the imaginary parts (length ≥ `n / 2 + 1`).
   */
  spectrum(
    input: Float32Array,
    offset: number,
    window: Float32Array | null,
    re: Float64Array,
    im: Float64Array,
  ): void {
    const plan = this.plan
    checkFrame(plan.n, input, offset, window)
    if (re.length <= plan.half || im.length <= plan.half) {
      throw new RangeError(`re and im must hold ${plan.half + 1} values`)
    }
    complexTransform(plan, input, offset, window ?? plan.ones)
    untangleSpectrum(plan, re, im)
  }

  /**
   * Power spectrum of one real frame, `|X[k]|²` for `k = 0 … n/2` (`numpy.abs(numpy.fft.rfft(w * x))**2`),
   * written to `out[outOffset + k]` as float32. Other parameters as {@link RealFft.spectrum}.
   */
  powerSpectrum(
    input: Float32Array,
    offset: number,
    window: Float32Array | null,
    out: Float32Array,
    outOffset: number,
  ): void {
    const plan = this.plan
    checkFrame(plan.n, input, offset, window)
    if (!(outOffset >= 0 && outOffset + plan.half < out.length)) {
      throw new RangeError(`output has no room for ${plan.half + 1} values at ${outOffset}`)
    }
    complexTransform(plan, input, offset, window ?? plan.ones)
    untanglePower(plan, out, outOffset)
  }

  /**
   * Inverse transform: the real frame whose spectrum is `X[k] = re[k] + i·im[k]` for `k = 0 … n/2`
   * (the other half being `X[n-k] = conj X[k]`), `x[j] = (1/n) Σ_k X[k]·e^{2πi jk/n}`, written to
   * `out[outOffset + j]` for `j = 0 … n-1` (`numpy.fft.irfft(X, n)`: the imaginary parts of bins 0
   * and n/2 are ignored). `inverse` after `spectrum` gives the frame back to about 1e-15 relative.
   *
   * @param re real parts of bins `0 … n/2` (length ≥ `n / 2 + 1`); not modified.
   * @param im imaginary parts of bins `0 … n/2` (length ≥ `n / 2 + 1`); not modified.
   * @param out receives the `n` samples (rounded on store when it is a Float32Array).
   * @param outOffset index of the first sample in `out`.
   */
  inverse(re: Float64Array, im: Float64Array, out: Float32Array | Float64Array, outOffset: number): void {
    const plan = this.plan
    if (re.length <= plan.half || im.length <= plan.half) {
      throw new RangeError(`re and im must hold ${plan.half + 1} values`)
    }
    if (!(Number.isInteger(outOffset) && outOffset >= 0 && outOffset + plan.n <= out.length)) {
      throw new RangeError(`output has no room for ${plan.n} values at ${outOffset}`)
    }
    inverseTransform(plan, re, im, out, outOffset)
  }
}

/**
 * Plans a real FFT of size `n` (a power of two, 2 ≤ n ≤ 2^24): `new RealFft(n)`.
 *
 * Equivalent to `numpy.fft.rfft` (as used by `librosa.stft`) on one frame; float64 arithmetic inside.
 *
 * @example
 * ```ts
 * const fft = createRealFft(2048)
 * fft.powerSpectrum(samples, 0, hannWindow(2048), power, 0) // power: Float32Array(1025)
 * ```
 */
export const createRealFft = (n: number): RealFft => new RealFft(n)

/** Out-of-range reads of typed arrays give `undefined` (NaN), not an error: check once per frame. */
const checkFrame = (n: number, input: Float32Array, offset: number, window: Float32Array | null): void => {
  if (!(Number.isInteger(offset) && offset >= 0 && offset + n <= input.length)) {
    throw new RangeError(`a frame of ${n} samples at ${offset} does not fit an input of ${input.length}`)
  }
  if (window !== null && window.length < n) {
    throw new RangeError(`the window has ${window.length} values, the frame ${n}`)
  }
}

/**
 * Everything a transform of size `n` needs, precomputed. The hot loops are module-level functions
 * taking this object (not closures over it), so that V8 compiles them once for all plans.
 */
interface Plan {
  readonly n: number
  /** The complex FFT size M = n / 2. */
  readonly half: number
  /** Work buffer: the packed frame, transformed in place; real parts at [0, M), imaginary at [M, 2M). */
  readonly z: Float64Array
  /** The inverse transform's half-size spectrum before its bit-reversing load, laid out as `z`. */
  readonly tangled: Float64Array
  /** 4 (radix-4 first pass) or 2 (radix-2 first pass, when log2 M is odd). */
  readonly firstRadix: number
  readonly permutation: Int32Array
  readonly stages: ReadonlyArray<Radix4Stage>
  /** Untangling twiddles e^{-2πik/n}, k = 0 … n/4. */
  readonly untangleCos: Float64Array
  readonly untangleSin: Float64Array
  /** The rectangular window, used when the caller passes none. */
  readonly ones: Float32Array
}

const planRealFft = (n: number): Plan => {
  const half = n >> 1
  const firstRadix = Math.log2(half) % 2 === 1 ? 2 : 4
  const quarter = half >> 1
  const untangleCos = new Float64Array(quarter + 1)
  const untangleSin = new Float64Array(quarter + 1)
  for (let k = 0; k <= quarter; k++) {
    untangleCos[k] = Math.cos((2 * Math.PI * k) / n)
    untangleSin[k] = -Math.sin((2 * Math.PI * k) / n)
  }
  return {
    n,
    half,
    z: new Float64Array(n),
    tangled: new Float64Array(n),
    firstRadix,
    permutation: firstStagePermutation(half, firstRadix),
    stages: radix4Stages(half, firstRadix),
    untangleCos,
    untangleSin,
    ones: new Float32Array(n).fill(1),
  }
}

/** The n/2-point complex FFT of the windowed frame packed as z[m] = x[2m] + i·x[2m+1], into plan.z. */
const complexTransform = (plan: Plan, input: Float32Array, offset: number, window: Float32Array): void => {
  const { half, z } = plan
  if (half === 1) {
    z[0] = input[offset]! * window[0]!
    z[1] = input[offset + 1]! * window[1]!
    return
  }
  if (plan.firstRadix === 4) loadRadix4(input, offset, window, plan.permutation, half, z)
  else loadRadix2(input, offset, window, plan.permutation, half, z)
  for (const stage of plan.stages) radix4Pass(stage, half, plan.z)
}

/**
 * Untangles the half-size complex spectrum Z (plan.z) into the real spectrum X, pairing bins k
 * and M - k: E = (Z[k] + conj Z[M-k]) / 2, O = (Z[k] - conj Z[M-k]) / 2i, X[k] = E + W^k O and
 * X[M-k] = conj(E - W^k O), with W = e^{-2πi/n}; X[0] and X[M] come from Z[0] alone.
 */
const untangleSpectrum = (plan: Plan, outRe: Float64Array, outIm: Float64Array): void => {
  const { half, z, untangleCos, untangleSin } = plan
  const quarter = half >> 1
  outRe[0] = z[0]! + z[half]!
  outIm[0] = 0
  outRe[half] = z[0]! - z[half]!
  outIm[half] = 0
  for (let k = 1; k <= quarter; k++) {
    const j = half - k
    const ar = z[k]!
    const ai = z[k + half]!
    const br = z[j]!
    const bi = z[j + half]!
    const er = 0.5 * (ar + br)
    const ei = 0.5 * (ai - bi)
    const or = 0.5 * (ai + bi)
    const oi = -0.5 * (ar - br)
    const c = untangleCos[k]!
    const s = untangleSin[k]!
    const tr = c * or - s * oi
    const ti = c * oi + s * or
    outRe[k] = er + tr
    outIm[k] = ei + ti
    outRe[j] = er - tr
    outIm[j] = ti - ei
  }
}

/** {@link untangleSpectrum}, writing |X[k]|² as float32 instead of X (int32 index arithmetic, as in the passes). */
const untanglePower = (plan: Plan, out: Float32Array, outOffset: number): void => {
  const { half, z, untangleCos, untangleSin } = plan
  const quarter = half >> 1
  const dc = z[0]! + z[half]!
  const nyquist = z[0]! - z[half]!
  out[outOffset] = dc * dc
  out[outOffset + half] = nyquist * nyquist
  for (let k = 1; k <= quarter; k++) {
    const j = (half - k) | 0
    const ar = z[k]!
    const ai = z[(k + half) | 0]!
    const br = z[j]!
    const bi = z[(j + half) | 0]!
    const er = 0.5 * (ar + br)
    const ei = 0.5 * (ai - bi)
    const or = 0.5 * (ai + bi)
    const oi = -0.5 * (ar - br)
    const c = untangleCos[k]!
    const s = untangleSin[k]!
    const tr = c * or - s * oi
    const ti = c * oi + s * or
    const xr = er + tr
    const xi = ei + ti
    const yr = er - tr
    const yi = ti - ei
    out[(outOffset + k) | 0] = xr * xr + xi * xi
    out[(outOffset + j) | 0] = yr * yr + yi * yi
  }
}

/**
 * The inverse real transform (see {@link RealFft.inverse}), the forward steps undone in reverse order:
 * "tangle" the real spectrum X into the spectrum Z of the packed frame z[m] = x[2m] + i·x[2m+1],
 * Z[k] = E[k] + i·O[k] with E[k] = (X[k] + conj X[M-k]) / 2 and O[k] = (X[k] - conj X[M-k])·W^-k / 2
 * (W = e^{-2πi/n}); then z = (1/M)·conj(FFT(conj Z)), the inverse computed by the forward passes.
 */
const inverseTransform = (
  plan: Plan,
  re: Float64Array,
  im: Float64Array,
  out: Float32Array | Float64Array,
  outOffset: number,
): void => {
  const { half, z, tangled, untangleCos, untangleSin } = plan
  const quarter = half >> 1
  const scale = 1 / half
  if (half === 1) {
    out[outOffset] = 0.5 * (re[0]! + re[1]!)
    out[outOffset + 1] = 0.5 * (re[0]! - re[1]!)
    return
  }
  tangled[0] = 0.5 * (re[0]! + re[half]!)
  tangled[half] = 0.5 * (re[0]! - re[half]!)
  for (let k = 1; k <= quarter; k++) {
    const j = half - k
    const ar = re[k]!
    const ai = im[k]!
    const br = re[j]!
    const bi = im[j]!
    const er = 0.5 * (ar + br)
    const ei = 0.5 * (ai - bi)
    const dr = 0.5 * (ar - br)
    const di = 0.5 * (ai + bi)
    // O[k] = D·conj(W^k), W^k = c + i·s; O[M-k] = conj O[k] and E[M-k] = conj E[k].
    const c = untangleCos[k]!
    const s = untangleSin[k]!
    const or = dr * c + di * s
    const oi = di * c - dr * s
    tangled[k] = er - oi
    tangled[k + half] = ei + or
    tangled[j] = er + oi
    tangled[j + half] = or - ei
  }
  if (plan.firstRadix === 4) loadConjugateRadix4(tangled, plan.permutation, half, z)
  else loadConjugateRadix2(tangled, plan.permutation, half, z)
  for (const stage of plan.stages) radix4Pass(stage, half, z)
  for (let m = 0; m < half; m++) {
    out[outOffset + 2 * m] = z[m]! * scale
    out[outOffset + 2 * m + 1] = -z[m + half]! * scale
  }
}

/** One radix-4 pass: blocks of `quarter` outputs combined four at a time, with their twiddles. */
interface Radix4Stage {
  readonly quarter: number
  /** cos/sin of W^k, W^2k, W^3k (W = e^{-2πi/(4·quarter)}) for k = 0 … quarter-1, interleaved by 6. */
  readonly twiddles: Float64Array
}

const radix4Stages = (size: number, firstRadix: number): Radix4Stage[] => {
  const stages: Radix4Stage[] = []
  for (let quarter = firstRadix; quarter * 4 <= size; quarter *= 4) {
    const twiddles = new Float64Array(quarter * 6)
    for (let k = 0; k < quarter; k++) {
      const angle = (-2 * Math.PI * k) / (4 * quarter)
      twiddles[6 * k] = Math.cos(angle)
      twiddles[6 * k + 1] = Math.sin(angle)
      twiddles[6 * k + 2] = Math.cos(2 * angle)
      twiddles[6 * k + 3] = Math.sin(2 * angle)
      twiddles[6 * k + 4] = Math.cos(3 * angle)
      twiddles[6 * k + 5] = Math.sin(3 * angle)
    }
    stages.push({ quarter, twiddles })
  }
  return stages
}

/** Bit reversal of `bits` bits. */
const reverseBits = (value: number, bits: number): number => {
  let out = 0
  for (let b = 0; b < bits; b++) out |= ((value >> b) & 1) << (bits - 1 - b)
  return out
}

/**
 * For the fused first pass: the bit-reversed position of each group's first input. Group `q` of a
 * radix-r first pass reads z at `rev(q)`, `rev(q) + M/2` (and, for radix 4, `+ M/4`, `+ 3M/4`).
 */
const firstStagePermutation = (size: number, radix: number): Int32Array => {
  const groups = Math.max(1, size / radix)
  const bits = Math.log2(groups)
  const out = new Int32Array(groups)
  for (let q = 0; q < groups; q++) out[q] = reverseBits(q, bits)
  return out
}

/** Bit-reversing load of the windowed, packed frame fused with a twiddle-free radix-4 pass. */
const loadRadix4 = (
  input: Float32Array,
  offset: number,
  window: Float32Array,
  permutation: Int32Array,
  size: number,
  z: Float64Array,
): void => {
  // z[m] = x[2m] + i x[2m+1]. In bit-reversed order, group g holds z[p], z[p + M/2], z[p + M/4],
  // z[p + 3M/4] (p = permutation[g]): the even-residue pair (a, b), then the odd one (c, d).
  const toB = size // real-sample distance from z[p] to z[p + M/2]
  const toC = size >> 1
  const toD = toB + toC
  const groups = permutation.length
  for (let g = 0; g < groups; g++) {
    const w0 = 2 * permutation[g]!
    const x0 = offset + w0
    const ar = input[x0]! * window[w0]!
    const ai = input[x0 + 1]! * window[w0 + 1]!
    const br = input[x0 + toB]! * window[w0 + toB]!
    const bi = input[x0 + toB + 1]! * window[w0 + toB + 1]!
    const cr = input[x0 + toC]! * window[w0 + toC]!
    const ci = input[x0 + toC + 1]! * window[w0 + toC + 1]!
    const dr = input[x0 + toD]! * window[w0 + toD]!
    const di = input[x0 + toD + 1]! * window[w0 + toD + 1]!
    const s0r = ar + br
    const s0i = ai + bi
    const d0r = ar - br
    const d0i = ai - bi
    const s1r = cr + dr
    const s1i = ci + di
    const d1r = cr - dr
    const d1i = ci - di
    const o = 4 * g
    z[o] = s0r + s1r
    z[o + size] = s0i + s1i
    z[o + 1] = d0r + d1i // d0 - i·d1
    z[o + size + 1] = d0i - d1r
    z[o + 2] = s0r - s1r
    z[o + size + 2] = s0i - s1i
    z[o + 3] = d0r - d1i // d0 + i·d1
    z[o + size + 3] = d0i + d1r
  }
}

/** Bit-reversing load fused with a radix-2 pass (used when log2 of the complex size is odd). */
const loadRadix2 = (
  input: Float32Array,
  offset: number,
  window: Float32Array,
  permutation: Int32Array,
  size: number,
  z: Float64Array,
): void => {
  const toB = size // group g holds z[p], z[p + M/2]
  const groups = permutation.length
  for (let g = 0; g < groups; g++) {
    const w0 = 2 * permutation[g]!
    const x0 = offset + w0
    const ar = input[x0]! * window[w0]!
    const ai = input[x0 + 1]! * window[w0 + 1]!
    const br = input[x0 + toB]! * window[w0 + toB]!
    const bi = input[x0 + toB + 1]! * window[w0 + toB + 1]!
    const o = 2 * g
    z[o] = ar + br
    z[o + size] = ai + bi
    z[o + 1] = ar - br
    z[o + size + 1] = ai - bi
  }
}

/**
 * The complex counterpart of {@link loadRadix4} for the inverse transform: loads the conjugate of the
 * half-size spectrum `source` (real parts at [0, M), imaginary at [M, 2M)) in bit-reversed order,
 * fused with the twiddle-free radix-4 pass.
 */
const loadConjugateRadix4 = (
  source: Float64Array,
  permutation: Int32Array,
  size: number,
  z: Float64Array,
): void => {
  // Group g holds Z[p], Z[p + M/2], Z[p + M/4], Z[p + 3M/4] (p = permutation[g]).
  const toB = size >> 1
  const toC = size >> 2
  const toD = toB + toC
  const groups = permutation.length
  for (let g = 0; g < groups; g++) {
    const p = permutation[g]!
    const ar = source[p]!
    const ai = -source[p + size]!
    const br = source[p + toB]!
    const bi = -source[p + toB + size]!
    const cr = source[p + toC]!
    const ci = -source[p + toC + size]!
    const dr = source[p + toD]!
    const di = -source[p + toD + size]!
    const s0r = ar + br
    const s0i = ai + bi
    const d0r = ar - br
    const d0i = ai - bi
    const s1r = cr + dr
    const s1i = ci + di
    const d1r = cr - dr
    const d1i = ci - di
    const o = 4 * g
    z[o] = s0r + s1r
    z[o + size] = s0i + s1i
    z[o + 1] = d0r + d1i
    z[o + size + 1] = d0i - d1r
    z[o + 2] = s0r - s1r
    z[o + size + 2] = s0i - s1i
    z[o + 3] = d0r - d1i
    z[o + size + 3] = d0i + d1r
  }
}

/** {@link loadConjugateRadix4} with a radix-2 pass (when log2 of the complex size is odd). */
const loadConjugateRadix2 = (
  source: Float64Array,
  permutation: Int32Array,
  size: number,
  z: Float64Array,
): void => {
  const toB = size >> 1 // group g holds Z[p], Z[p + M/2]
  const groups = permutation.length
  for (let g = 0; g < groups; g++) {
    const p = permutation[g]!
    const ar = source[p]!
    const ai = -source[p + size]!
    const br = source[p + toB]!
    const bi = -source[p + toB + size]!
    const o = 2 * g
    z[o] = ar + br
    z[o + size] = ai + bi
    z[o + 1] = ar - br
    z[o + size + 1] = ai - bi
  }
}

/**
 * One in-place radix-4 DIT pass. Inputs to a butterfly are the four sub-transforms of size `quarter`
 * in bit-reversed order (the sequences of residues 0, 2, 1, 3 mod 4): a, b·W^2k, c·W^k, d·W^3k.
 * The twiddle index k is the outer loop so that each twiddle is loaded once per pass. Index arithmetic
 * is written `(a + b) | 0` so that V8 computes it in int32 without overflow checks (~3% faster).
 */
const radix4Pass = (stage: Radix4Stage, size: number, z: Float64Array): void => {
  const { quarter, twiddles } = stage
  const span = quarter * 4
  for (let k = 0; k < quarter; k++) {
    const t = 6 * k
    const w1r = twiddles[t]!
    const w1i = twiddles[t + 1]!
    const w2r = twiddles[t + 2]!
    const w2i = twiddles[t + 3]!
    const w3r = twiddles[t + 4]!
    const w3i = twiddles[t + 5]!
    for (let i0 = k; i0 < size; i0 = (i0 + span) | 0) {
      const i1 = (i0 + quarter) | 0
      const i2 = (i1 + quarter) | 0
      const i3 = (i2 + quarter) | 0
      const ar = z[i0]!
      const ai = z[(i0 + size) | 0]!
      const xr = z[i1]!
      const xi = z[(i1 + size) | 0]!
      const br = xr * w2r - xi * w2i
      const bi = xr * w2i + xi * w2r
      const yr = z[i2]!
      const yi = z[(i2 + size) | 0]!
      const cr = yr * w1r - yi * w1i
      const ci = yr * w1i + yi * w1r
      const zr = z[i3]!
      const zi = z[(i3 + size) | 0]!
      const dr = zr * w3r - zi * w3i
      const di = zr * w3i + zi * w3r
      const s0r = ar + br
      const s0i = ai + bi
      const d0r = ar - br
      const d0i = ai - bi
      const s1r = cr + dr
      const s1i = ci + di
      const d1r = cr - dr
      const d1i = ci - di
      z[i0] = s0r + s1r
      z[(i0 + size) | 0] = s0i + s1i
      z[i1] = d0r + d1i
      z[(i1 + size) | 0] = d0i - d1r
      z[i2] = s0r - s1r
      z[(i2 + size) | 0] = s0i - s1i
      z[i3] = d0r - d1i
      z[(i3 + size) | 0] = d0i + d1r
    }
  }
}

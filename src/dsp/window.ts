/**
 * Analysis windows.
 *
 * @module
 */

/**
 * The periodic ("DFT-even") Hann window of length `n`, as `scipy.signal.get_window("hann", n, fftbins=True)`
 * and librosa's default STFT window: `w[i] = 0.5 - 0.5 cos(2πi / n)`.
 *
 * Computed in float64 and rounded once, so it equals scipy's window rounded to float32.
 */
export const hannWindow = (n: number): Float32Array => {
  const w = new Float32Array(n)
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n)
  return w
}

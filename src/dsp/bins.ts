/**
 * The frequency axis of a one-sided spectrum, shared by the features that read a power spectrogram.
 *
 * @module
 */

/**
 * Centre frequencies in Hz of the `1 + nFft / 2` bins of a real FFT: `k * sampleRate / nFft`.
 *
 * Equals `librosa.fft_frequencies(sr=sampleRate, n_fft=nFft)` (`numpy.fft.rfftfreq(nFft, 1 / sampleRate)`),
 * computed the same way (`k * (1 / (nFft * (1 / sampleRate)))`) so that band edges fall where librosa's do.
 *
 * @param sampleRate - sampling rate in Hz (librosa's `sr`).
 * @param nFft - FFT length in samples.
 * @returns float64 array of `1 + floor(nFft / 2)` frequencies.
 */
export const fftBinFrequencies = (sampleRate: number, nFft: number): Float64Array => {
  const step = 1 / (nFft * (1 / sampleRate))
  const out = new Float64Array((nFft >> 1) + 1)
  for (let k = 0; k < out.length; k++) out[k] = k * step
  return out
}

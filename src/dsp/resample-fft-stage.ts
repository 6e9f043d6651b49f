/**
 * The resampler's 2:1 stage by fast convolution (FFT overlap-save), for its long sharp filter.
 *
 * A 2:1 stage with one phase computes output `n` as `Σ_{|k| < half} g(|k|)·x[2n + k]` (the folded
 * form of `resample-stage.ts`): 116 multiply-adds per output for the 232-tap filter of every plan to
 * 22050 Hz. Overlap-save does the same with two FFTs per block of about 900 outputs: block `b` takes
 * `N` input samples, multiplies their spectrum by the filter's (real, since the filter is symmetric),
 * folds the product onto `N / 2` bins, which keeps every second output (decimation in frequency:
 * `Z[k] = (Y[k] + Y[k + N/2]) / 2`), and transforms back at half size; the outputs that the circular
 * convolution wraps around are discarded. Measured at 44.1 kHz, 30 s streamed in 8192-sample
 * chunks: 13-17 ms against 60-81 ms for the direct form, about 5× faster.
 *
 * The outputs are the direct form's up to rounding: the FFTs compute in float64, so they differ from
 * it by about 1e-16 of full scale before the float32 store (rarely by one float32 step). Streaming
 * equals batch bit for bit: block `b` always transforms the same `N` input samples, those at absolute
 * positions `2·b·B − lead … 2·b·B − lead + N − 1` (zeros before the start and after the end), and only
 * once all of them are known (or the stream has ended), whatever the chunking.
 *
 * References: overlap-save, Oppenheim & Schafer, Discrete-Time Signal Processing, §8.7.3; decimation
 * by folding the spectrum, e.g. Crochiere & Rabiner, Multirate Digital Signal Processing, §2.3.
 *
 * @module
 */
import { RealFft } from "./fft.ts"
import type { ResampleFilter } from "./resample-filter.ts"
import type { ChunkProcessor } from "./resample-stage.ts"
import { SampleHistory } from "./sample-history.ts"

/**
 * True when `filter` is a 2:1 filter with one phase, which {@link createFftDecimationStage} applies.
 * Every such filter of the plans to 22050 Hz is faster by FFT: measured 5× for the 232-tap final
 * stage, about 1.4× for the 24-tap first stage from 88.2 kHz.
 */
export const suitsFftDecimation = (filter: ResampleFilter): boolean =>
  filter.phases === 1 && filter.step === 2

/**
 * The FFT size for a filter of `2 · half` taps: 16 times the filter's half-length, rounded up to a
 * power of two (2048 for the 232-tap filter), so that about 80 % of each block's outputs are kept.
 * Measured at 44.1 kHz: 1024, 2048 and 4096 cost the same within noise, 8192 about 30 % more.
 */
const fftSizeFor = (half: number): number => 2 ** Math.ceil(Math.log2(16 * half))

/**
 * Half the filter's frequency response at the `N / 2 + 1` bins of an `N`-point FFT: the filter is
 * `g(0)` at 0 and `g(j)` at `±j`, so its DFT is real, `H[k] = g(0) + 2 Σ_j g(j) cos(2π jk / N)`. Halved
 * because the fold averages two bins.
 */
const halfResponse = (g: Float64Array, size: number): Float64Array => {
  const cosines = Float64Array.from({ length: size }, (_, i) => Math.cos((2 * Math.PI * i) / size))
  const response = new Float64Array(size / 2 + 1)
  for (let k = 0; k <= size / 2; k++) {
    let sum = g[0]!
    for (let j = 1; j < g.length; j++) sum += 2 * g[j]! * cosines[(j * k) & (size - 1)]!
    response[k] = sum / 2
  }
  return response
}

/**
 * A streaming 2:1 stage equal to `createResampleStage(filter)` up to rounding (see the module
 * comment), for a filter with `phases` 1 and `step` 2. Output `n` is centred on input `2n`, with `x`
 * zero before index 0 and after the last sample; there are `ceil(length / 2)` outputs. Memory: about
 * `2 · N` input samples and `5 · N` float64 values of work space and FFT plans, 100 KiB for the
 * 232-tap filter (N = 2048).
 */
export const createFftDecimationStage = (filter: ResampleFilter): ChunkProcessor => {
  if (filter.phases !== 1 || filter.step !== 2) {
    throw new RangeError(`FFT decimation needs a 2:1 filter, got ${filter.step}:${filter.phases}`)
  }
  const { half } = filter
  const row = new Float64Array(2 * half)
  filter.fillRow(0, row)
  const g = row.slice(0, half).reverse() // g[k] = g(k), as the direct stage folds it
  const size = fftSizeFor(half)
  const bins = size / 2 // the folded spectrum's size, and the decimated frame's length
  // Output 0 sits `lead` samples into block 0's frame: at least half − 1 (the taps reaching left),
  // and even, so that it falls on a sample the decimation keeps.
  const lead = half % 2 === 0 ? half : half - 1
  // Outputs per block: the last one's taps must reach no further than the frame's end.
  const perBlock = Math.floor((size - lead - half + 2) / 2)
  const response = halfResponse(g, size)
  const forward = new RealFft(size)
  const inverse = new RealFft(bins)
  const re = new Float64Array(bins + 1)
  const im = new Float64Array(bins + 1)
  const foldedRe = new Float64Array(bins / 2 + 1)
  const foldedIm = new Float64Array(bins / 2 + 1)
  const decimated = new Float64Array(bins)

  // The input held; absolute indices below 0 are zeros.
  let held = new SampleHistory(0)
  let block = 0 // the next block to compute

  const reset = (): void => {
    held = new SampleHistory(2 * size, -lead)
    block = 0
  }
  reset()

  /** Absolute index of block `b`'s first input sample. */
  const frameStart = (b: number): number => 2 * b * perBlock - lead

  /** Computes block `block` into `out[at …]` (its first `count` outputs) and moves to the next block. */
  const computeBlock = (out: Float32Array, at: number, count: number): void => {
    forward.spectrum(held.data, frameStart(block) - held.start, null, re, im)
    for (let k = 0; k <= bins / 2; k++) {
      const mirror = bins - k // Y[k + N/2] = conj Y[N/2 − k]
      foldedRe[k] = response[k]! * re[k]! + response[mirror]! * re[mirror]!
      foldedIm[k] = response[k]! * im[k]! - response[mirror]! * im[mirror]!
    }
    inverse.inverse(foldedRe, foldedIm, decimated, 0)
    const first = lead >> 1
    for (let i = 0; i < count; i++) out[at + i] = decimated[first + i]!
    block++
  }

  const process = (chunk: Float32Array): Float32Array => {
    held.append(chunk, frameStart(block))
    let ready = 0
    while (frameStart(block + ready) + size <= held.end) ready++
    const out = new Float32Array(ready * perBlock)
    for (let i = 0; i < ready; i++) computeBlock(out, i * perBlock, perBlock)
    return out
  }

  const flush = (): Float32Array => {
    const total = Math.ceil(held.end / 2)
    const emitted = block * perBlock
    const out = new Float32Array(Math.max(0, total - emitted))
    for (let at = 0; at < out.length; at += perBlock) {
      // The rest of this block's frame lies past the end of the input: zeros.
      const missing = frameStart(block) + size - held.end
      if (missing > 0) held.appendZeros(missing, frameStart(block))
      computeBlock(out, at, Math.min(perBlock, out.length - at))
    }
    reset()
    return out
  }

  return { process, flush }
}

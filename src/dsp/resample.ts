/**
 * Band-limited resampling between any two integer rates, one-shot or streamed chunk by chunk.
 *
 * Quality (the filter of `resample-filter.ts`; measured figures in `resample.test.ts`), with
 * frequencies relative to the lower of the two Nyquist frequencies (11025 Hz when resampling to 22050 Hz):
 * - passband ripple ≤ 0.001 dB up to 0.9 of it (9922.5 Hz at 22050 Hz out; the target was 0.1 dB);
 * - everything from the Nyquist frequency up (what would alias when downsampling, the images when
 *   upsampling) attenuated by ≥ 80 dB;
 * - zero phase: output sample `n` is the band-limited input at time exactly `n / outRate` (the filter is
 *   centred, its delay is compensated), the signal being taken as zero before its start and after its end;
 * - `ceil(length · outRate / inRate)` output samples, as librosa's `resample` (which uses soxr);
 * - equal rates: the samples are copied unchanged.
 *
 * The streaming form computes every output sample from the same stored input values with the same
 * taps in the same order as the one-shot form, so its output is bit-identical for any chunking.
 *
 * @module
 */
import { planResampleFilters } from "./resample-filter.ts"
import { createResampleStage } from "./resample-stage.ts"

/** A resampler for one stream: feed chunks to `process`, then call `flush` once at the end. */
export interface Resampler {
  readonly inRate: number
  readonly outRate: number
  /** Takes the next chunk (any length, including 0 and 1) and returns the output samples it completes. */
  readonly process: (chunk: Float32Array) => Float32Array
  /**
   * Ends the stream: returns the remaining output samples (those that need input past the end, taken as
   * zeros), so that the outputs of all calls together have `resampledLength(total input)` samples. The
   * resampler is then fresh again, ready for a new stream.
   */
  readonly flush: () => Float32Array
}

const checkRate = (name: string, rate: number): void => {
  if (!Number.isInteger(rate) || rate <= 0)
    throw new RangeError(`${name} must be a positive integer in Hz, got ${rate}`)
}

/**
 * The number of samples that resampling `inputLength` samples from `inRate` to `outRate` yields:
 * `ceil(inputLength · outRate / inRate)`, computed exactly (librosa computes the same in floating point).
 */
export const resampledLength = (inputLength: number, inRate: number, outRate: number): number => {
  checkRate("inRate", inRate)
  checkRate("outRate", outRate)
  return Math.ceil((inputLength * outRate) / inRate)
}

const concat = (a: Float32Array, b: Float32Array): Float32Array => {
  if (b.length === 0) return a
  if (a.length === 0) return b
  const out = new Float32Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

/**
 * Creates a streaming resampler from `inRate` to `outRate` (positive integers, Hz; designed for inputs
 * from 8 kHz to 192 kHz to 22050 Hz, correct for any pair). The concatenated outputs of `process` over
 * any split of a signal into chunks, followed by `flush`, equal `resample(signal, inRate, outRate)` bit
 * for bit. Memory: the filters (at most 2 MiB; 2 KiB for 44.1 kHz) plus, per stage, the largest chunk
 * and one filter length of input, whatever the length of the stream.
 *
 * Equivalent to `librosa.resample(y, orig_sr=inRate, target_sr=outRate)` (soxr "HQ") to within the
 * filters' differences; method: polyphase Kaiser-windowed sinc (J. O. Smith, "Digital Audio Resampling",
 * https://ccrma.stanford.edu/~jos/resample/), in stages as {@link planResampleFilters} says.
 */
export const createResampler = (inRate: number, outRate: number): Resampler => {
  checkRate("inRate", inRate)
  checkRate("outRate", outRate)
  if (inRate === outRate)
    return { inRate, outRate, process: (chunk) => chunk.slice(), flush: () => new Float32Array(0) }

  const stages = planResampleFilters(inRate, outRate).map(createResampleStage)
  let received = 0
  let emitted = 0

  const process = (chunk: Float32Array): Float32Array => {
    received += chunk.length
    let out = chunk
    for (const stage of stages) out = stage.process(out)
    emitted += out.length
    return out
  }

  const flush = (): Float32Array => {
    let out = stages[0]!.flush()
    for (const stage of stages.slice(1)) out = concat(stage.process(out), stage.flush())
    // Each stage rounds its length up, so a chain may end one sample past ceil(length · outRate / inRate).
    const wanted = resampledLength(received, inRate, outRate) - emitted
    received = 0
    emitted = 0
    return out.length > wanted ? out.slice(0, wanted) : out
  }

  return { inRate, outRate, process, flush }
}

/**
 * Resamples `signal` from `inRate` to `outRate` (positive integers, Hz) with a band-limited polyphase
 * filter; see the module comment for its quality. Returns a new array of
 * `resampledLength(signal.length, inRate, outRate)` samples; equal rates return a copy.
 *
 * Equivalent to `librosa.resample(y, orig_sr=inRate, target_sr=outRate)` (soxr "HQ"), to within the
 * filters' differences. Reference: J. O. Smith, "Digital Audio Resampling",
 * https://ccrma.stanford.edu/~jos/resample/.
 */
export const resample = (signal: Float32Array, inRate: number, outRate: number): Float32Array => {
  const resampler = createResampler(inRate, outRate)
  const head = resampler.process(signal)
  return concat(head, resampler.flush())
}

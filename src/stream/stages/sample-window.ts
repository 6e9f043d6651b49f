import type { MonoChunk } from "../chunks.ts"
import { stage } from "../stage.ts"

/** A fixed-length stretch of mono samples, for classifying a stream window by window. */
export interface SampleWindow {
  readonly _tag: "SampleWindow"
  readonly sampleRate: number
  /** 0, 1, 2… in stream order. */
  readonly index: number
  /** Index of `samples[0]` in the stream. */
  readonly offset: number
  /** Start and end of the window in the stream, in seconds. */
  readonly start: number
  readonly end: number
  /** The window's own copy (it may be transferred to a worker thread). */
  readonly samples: Float32Array
}

export interface SampleWindowOptions {
  /** Window length in seconds. Default 3. */
  readonly seconds?: number
  /** Seconds between window starts. Default 1.5 (half-overlapping windows). */
  readonly hop?: number
  /**
   * What to do with samples after the last full window when the stream ends: `"end-aligned"`
   * (default) emits one more full-length window ending at the last sample (a stream shorter than one
   * window becomes one short window), so every sample is covered; `"drop"` leaves them out.
   */
  readonly tail?: "end-aligned" | "drop"
}

/**
 * Cuts mono samples into fixed-length overlapping windows: window `k` holds samples
 * `k·hopSamples … k·hopSamples + windowSamples - 1` (`windowSamples = round(seconds · sampleRate)`),
 * emitted as soon as its last sample arrives, so a live or uploaded stream can be analysed window by
 * window while it is still coming in. Memory holds about one window of samples.
 * numpy: `np.lib.stride_tricks.sliding_window_view(y, W)[::H]` (plus the end-aligned tail);
 * the sample-domain twin of the `window` stage, which groups mel frames.
 *
 * @example
 * ```ts
 * decodeAudio(request.body).pipe(mixdown, resample(22050), sampleWindow({ seconds: 3, hop: 1.5 }))
 * ```
 */
export const sampleWindow = (options: SampleWindowOptions = {}) => {
  const { seconds = 3, hop = 1.5, tail = "end-aligned" } = options
  if (!(seconds > 0 && hop > 0))
    throw new RangeError(`sampleWindow seconds and hop must be positive, got ${seconds}, ${hop}`)
  return stage<MonoChunk, SampleWindow>(() => {
    let sampleRate = 0
    let windowSamples = 0
    let hopSamples = 0
    let buffer = new Float32Array(0) // samples from `bufferFrom` on
    let bufferFrom = 0
    let received = 0
    let index = 0
    let lastEnd = 0

    const emit = (from: number, to: number): SampleWindow => {
      lastEnd = to
      return {
        _tag: "SampleWindow",
        sampleRate,
        index: index++,
        offset: from,
        start: from / sampleRate,
        end: to / sampleRate,
        samples: buffer.slice(from - bufferFrom, to - bufferFrom),
      }
    }

    return {
      push: (chunk) => {
        if (windowSamples === 0) {
          sampleRate = chunk.sampleRate
          windowSamples = Math.max(1, Math.round(seconds * sampleRate))
          hopSamples = Math.max(1, Math.round(hop * sampleRate))
        }
        const joined = new Float32Array(buffer.length + chunk.samples.length)
        joined.set(buffer)
        joined.set(chunk.samples, buffer.length)
        buffer = joined
        received += chunk.samples.length
        const out: SampleWindow[] = []
        while (index * hopSamples + windowSamples <= received) {
          const from = index * hopSamples
          out.push(emit(from, from + windowSamples))
        }
        // Keep the next window's samples, and the last window's worth for an end-aligned tail.
        const keepFrom = Math.min(index * hopSamples, Math.max(0, received - windowSamples))
        if (keepFrom > bufferFrom) {
          buffer = buffer.slice(keepFrom - bufferFrom)
          bufferFrom = keepFrom
        }
        return out
      },
      flush: () => {
        if (tail === "drop" || received === 0 || lastEnd >= received) return []
        return [emit(Math.max(0, received - windowSamples), received)]
      },
    }
  })
}

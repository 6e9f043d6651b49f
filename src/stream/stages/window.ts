import type { MelBlock, MelScale, MelWindow } from "../chunks.ts"
import { stage } from "../stage.ts"

export interface WindowOptions {
  /** Window length in seconds. Default 3. */
  readonly seconds?: number
  /** Seconds between window starts. Default 1.5 (half-overlapping windows). */
  readonly hop?: number
  /**
   * What to do with frames after the last full window when the stream ends: `"end-aligned"` (default)
   * emits one more full-length window ending at the last frame (a stream shorter than one window
   * becomes one short window), so every frame is classified; `"drop"` leaves them out.
   */
  readonly tail?: "end-aligned" | "drop"
}

/**
 * Groups mel frames into fixed-length overlapping windows for window-by-window classification: window
 * `k` holds frames `k·hopFrames … k·hopFrames + windowFrames - 1`, where `windowFrames =
 * round(seconds · sampleRate / hop_length)`. A window is emitted as soon as its last frame arrives.
 * Memory holds about one window of frames.
 */
export const window = <S extends MelScale>(options: WindowOptions = {}) => {
  const { seconds = 3, hop = 1.5, tail = "end-aligned" } = options
  if (!(seconds > 0 && hop > 0))
    throw new RangeError(`window seconds and hop must be positive, got ${seconds}, ${hop}`)
  return stage<MelBlock<S>, MelWindow<S>>(() => {
    let bins = 0
    let scale: S | undefined
    let secondsPerFrame = 0
    let windowFrames = 0
    let hopFrames = 0
    let buffer = new Float32Array(0) // frames from `bufferFrom` on, frame-major
    let bufferFrom = 0
    let received = 0 // frames seen
    let index = 0
    let lastEnd = 0 // end frame of the last emitted window

    const emit = (from: number, to: number): MelWindow<S> => {
      const data = buffer.slice((from - bufferFrom) * bins, (to - bufferFrom) * bins)
      lastEnd = to
      return {
        _tag: "MelWindow",
        scale: scale!,
        index: index++,
        from,
        start: from * secondsPerFrame,
        end: to * secondsPerFrame,
        mel: { frames: to - from, bins, data },
      }
    }

    return {
      push: (block) => {
        if (windowFrames === 0) {
          bins = block.mel.bins
          scale = block.scale
          secondsPerFrame = block.hop / block.sampleRate
          windowFrames = Math.max(1, Math.round(seconds / secondsPerFrame))
          hopFrames = Math.max(1, Math.round(hop / secondsPerFrame))
        }
        const joined = new Float32Array(buffer.length + block.mel.data.length)
        joined.set(buffer)
        joined.set(block.mel.data, buffer.length)
        buffer = joined
        received += block.mel.frames
        const out: MelWindow<S>[] = []
        while (index * hopFrames + windowFrames <= received) {
          const from = index * hopFrames
          out.push(emit(from, from + windowFrames))
        }
        // Keep the next window's frames, and the last window's worth for an end-aligned tail.
        const keepFrom = Math.min(index * hopFrames, Math.max(0, received - windowFrames))
        if (keepFrom > bufferFrom) {
          buffer = buffer.subarray((keepFrom - bufferFrom) * bins)
          bufferFrom = keepFrom
        }
        return out
      },
      flush: () => {
        if (tail === "drop" || received === 0 || lastEnd >= received) return []
        const from = Math.max(0, received - windowFrames)
        return [emit(from, received)]
      },
    }
  })
}

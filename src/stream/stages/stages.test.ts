import { Effect, Exit, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { powerToDb as matrixToDb } from "../../dsp/db.ts"
import type { MelBlock, MonoChunk } from "../chunks.ts"
import type { PcmChunk } from "../pcm.ts"
import { batch } from "./batch.ts"
import { powerToDb, windowToDb } from "./db.ts"
import { frame, frameData } from "./frame.ts"
import { mixdown } from "./mixdown.ts"
import { stft } from "./stft.ts"
import { window } from "./window.ts"

const melBlocks = (frames: number, blockSize: number, bins = 4): MelBlock<"power">[] => {
  const out: MelBlock<"power">[] = []
  for (let from = 0; from < frames; from += blockSize) {
    const n = Math.min(blockSize, frames - from)
    // Value = frame index, so windows can be checked by their content.
    const data = Float32Array.from({ length: n * bins }, (_, i) => from + Math.floor(i / bins))
    out.push({
      _tag: "MelBlock",
      scale: "power",
      sampleRate: 22050,
      hop: 512,
      from,
      mel: { frames: n, bins, data },
    })
  }
  return out
}

const collect = <A, E>(stream: Stream.Stream<A, E>) => Effect.runSync(Stream.runCollect(stream))

describe("window", () => {
  // 3 s at 22050 / 512 → 129 frames; 1.5 s → 65 frames.
  it("emits fixed-length overlapping windows with their times, then an end-aligned tail", () => {
    const windows = collect(Stream.fromIterable(melBlocks(400, 37)).pipe(window()))
    expect(windows.map((w) => [w.from, w.mel.frames])).toEqual([
      [0, 129],
      [65, 129],
      [130, 129],
      [195, 129],
      [260, 129],
      [271, 129], // ends at frame 400, the last one
    ])
    expect(windows[1]!.start).toBeCloseTo((65 * 512) / 22050, 9)
    expect(windows[1]!.end).toBeCloseTo((194 * 512) / 22050, 9)
    expect(windows[5]!.mel.data[0]).toBe(271)
    expect(windows[5]!.mel.data.at(-1)).toBe(399)
    expect(windows.map((w) => w.index)).toEqual([0, 1, 2, 3, 4, 5])
  })

  it("does not depend on how the frames arrive", () => {
    const a = collect(Stream.fromIterable(melBlocks(300, 1)).pipe(window({ seconds: 1, hop: 0.5 })))
    const b = collect(Stream.fromIterable(melBlocks(300, 300)).pipe(window({ seconds: 1, hop: 0.5 })))
    expect(a).toEqual(b)
  })

  it("turns a stream shorter than a window into one short window, or nothing with tail: drop", () => {
    const short = collect(Stream.fromIterable(melBlocks(50, 20)).pipe(window()))
    expect(short.map((w) => [w.from, w.mel.frames])).toEqual([[0, 50]])
    expect(collect(Stream.fromIterable(melBlocks(50, 20)).pipe(window({ tail: "drop" })))).toEqual([])
    expect(collect(Stream.fromIterable(melBlocks(194, 20)).pipe(window())).length).toBe(2) // exact fit: no tail
  })

  it("applies whole-window dB options per window", () => {
    const [w] = collect(Stream.fromIterable(melBlocks(129, 50)).pipe(window(), windowToDb({ ref: "max" })))
    expect(w!.scale).toBe("db")
    expect(w!.mel.data.at(-1)).toBeCloseTo(0, 6) // the loudest frame is the reference
  })
})

describe("powerToDb", () => {
  it("converts element-wise without the whole-clip floor", () => {
    const blocks = melBlocks(10, 3)
    const db = collect(Stream.fromIterable(blocks).pipe(powerToDb()))
    expect(db[0]!.scale).toBe("db")
    expect(db[0]!.mel.data[0]).toBeCloseTo(-100, 5) // frame 0 holds zeros: amin 1e-10
    expect(db[1]!.mel.data).toEqual(matrixToDb(blocks[1]!.mel, { topDb: null }).data)
  })
})

describe("batch", () => {
  it("groups values and keeps the remainder", () => {
    expect(collect(Stream.range(1, 7).pipe(batch(3)))).toEqual([[1, 2, 3], [4, 5, 6], [7]])
    expect(() => batch(0)).toThrow(RangeError)
  })
})

describe("mixdown", () => {
  const pcm = (channels: number[][], sampleRate = 8000): PcmChunk => ({
    sampleRate,
    channels: channels.map((c) => Float32Array.from(c)),
  })

  it("averages channels and numbers samples across chunks", () => {
    const out = collect(
      Stream.make(
        pcm([
          [1, 2],
          [3, 4],
        ]),
        pcm([[0], [1]]),
      ).pipe(mixdown),
    )
    expect(out.map((c) => [c.offset, Array.from(c.samples)])).toEqual([
      [0, [2, 3]],
      [2, [0.5]],
    ])
  })

  it("fails with InvalidSamples at the first NaN or infinite sample", () => {
    const exit = Effect.runSyncExit(
      Stream.runCollect(Stream.make(pcm([[0, 0, 0]]), pcm([[0, Number.NaN]])).pipe(mixdown)),
    )
    expect(Exit.isFailure(exit)).toBe(true)
    expect(String(exit)).toMatch(/InvalidSamples/)
    expect(String(exit)).toMatch(/sample 4 /)
  })

  it("fails with StreamLayoutChanged when the rate changes", () => {
    const exit = Effect.runSyncExit(
      Stream.runCollect(Stream.make(pcm([[0]], 8000), pcm([[0]], 16000)).pipe(mixdown)),
    )
    expect(String(exit)).toMatch(/StreamLayoutChanged/)
  })
})

describe("frame", () => {
  it("hands out librosa's centred frames", () => {
    const samples = Float32Array.from({ length: 10 }, (_, i) => i + 1)
    const chunks: MonoChunk[] = [{ _tag: "MonoChunk", sampleRate: 8, offset: 0, samples }]
    const blocks = collect(Stream.fromIterable(chunks).pipe(frame({ size: 4, hop: 2 })))
    const frames = blocks.flatMap((b) => {
      const m = frameData(b)
      return Array.from({ length: m.frames }, (_, t) => Array.from(m.data.subarray(t * 4, t * 4 + 4)))
    })
    // librosa.util.frame(np.pad(y, 2), frame_length=4, hop_length=2).T
    expect(frames).toEqual([
      [0, 0, 1, 2],
      [1, 2, 3, 4],
      [3, 4, 5, 6],
      [5, 6, 7, 8],
      [7, 8, 9, 10],
      [9, 10, 0, 0],
    ])
  })
})

// Wrong compositions do not compile: each stage accepts only the kind it is written for.
const mono: Stream.Stream<MonoChunk> = Stream.empty
// @ts-expect-error: stft needs frames, not samples
void stft(mono)
// @ts-expect-error: window needs mel blocks
void window()(mono)

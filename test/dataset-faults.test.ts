/**
 * A short version of `npm run fault:dataset` (scripts/faults/): a few kills instead of 20, on five
 * formats, and the failed-write cases. The full disk needs root and a working `mount`; it is skipped,
 * with the reason, otherwise.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { killAndResume } from "../scripts/faults/kill-resume.ts"
import { makeFaultInput } from "../scripts/faults/music-folder.ts"
import {
  type FaultCheck,
  fileInTheWay,
  fullDisk,
  partialFiles,
  unwritableFolder,
} from "../scripts/faults/write-faults.ts"
import { encodeNpy } from "../src/dsp/npy.ts"

const root = mkdtempSync(join(tmpdir(), "mirflow-faults-test-"))
const input = join(root, "music")
const reference = join(root, "reference")
const context = { input, root, reference }
afterAll(() => rmSync(root, { recursive: true, force: true }))

beforeAll(() => {
  mkdirSync(input)
  makeFaultInput(input, 1, [
    "wav-s16le.wav",
    "mp3-22k-mono.mp3",
    "flac-44k-stereo.flac",
    "vorbis-44k-stereo.ogg",
    "aac-moov-at-end.m4a",
  ])
})

/** Passes a fault check, or skips the test with the check's reason. */
const expectPass = (check: FaultCheck, skip: (note: string) => never) => {
  if (check.outcome === "skip") skip(check.detail)
  expect(check.outcome, check.detail).toBe("pass")
}

describe("dataset build faults", () => {
  it("ends, after kill -9 at 3 seeded moments and a resume after each, as an uninterrupted build", async () => {
    const result = await killAndResume({ input, reference, output: join(root, "killed"), kills: 3, seed: 7 })
    expect(result.kills.length).toBe(3)
    expect(result.kills.map((k) => k.mode)).toContain("while writing")
    expect(result.differences).toEqual([])
    expect(result.tempFiles).toEqual([])
    // The comparison covers every output: 5 features files, 5 spectrograms, 5 records, the manifest.
    expect(
      readdirSync(reference, { recursive: true }).filter((n) => /\.(json|npy)$/.test(String(n))).length,
    ).toBe(16)
  }, 180_000)

  it("stops with one OutputWriteError line and no partial file when the output folder is unwritable", async ({
    skip,
  }) => {
    const check = await unwritableFolder(context)
    expectPass(check, skip)
    // As nobody in a mode-555 folder, or (a checkout nobody cannot read) in a read-only mount.
    expect(check.detail).toMatch(
      /^mirflow: OutputWriteError: (permission denied writing .*read-only|.*\/read-only\/\S* is on a read-only file system)/,
    )
  }, 150_000)

  it("stops with one OutputWriteError line when a file stands where the output folder should be", async () => {
    const check = await fileInTheWay(context)
    expectPass(check, () => {
      throw new Error("never skipped")
    })
    expect(check.detail).toMatch(/a file stands where a folder of .*not-a-folder\/dataset should be/)
  }, 150_000)

  it("stops on a full disk without partial files, and resumes once there is space", async ({ skip }) => {
    const check = await fullDisk(context)
    expectPass(check, skip)
    expect(check.detail).toMatch(/no space left on the device.*equal to the reference/)
  }, 150_000)

  it("finds partial files: a cut .npy, a cut JSON, a temporary file", () => {
    const dir = join(root, "partial")
    mkdirSync(dir)
    const whole = encodeNpy({ dtype: "<f4", shape: [128, 10], data: new Float32Array(1280) })
    writeFileSync(join(dir, "cut.npy"), whole.subarray(0, whole.length - 4))
    writeFileSync(join(dir, "whole.npy"), whole)
    writeFileSync(join(dir, "cut.json"), '{"a": [1, 2')
    writeFileSync(join(dir, "x.json.abc123.mirflow-tmp"), "")
    const found = partialFiles(dir)
    expect(found.length).toBe(3)
    expect(found.join("\n")).toMatch(/cut\.npy \(truncated \.npy data/)
    expect(found.join("\n")).toMatch(/cut\.json/)
    expect(found.join("\n")).toMatch(/temporary file left: x\.json\.abc123\.mirflow-tmp/)
  })
})

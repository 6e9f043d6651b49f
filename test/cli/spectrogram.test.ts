import { execFileSync, spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { toBinMajor } from "../../src/dsp/matrix.ts"
import { decodeNpy } from "../../src/dsp/npy.ts"
import { collectMel, melStream } from "../../src/stream/pipeline.ts"

const bin = new URL("../../bin/mirflow.js", import.meta.url).pathname
const audio = (name: string) => new URL(`../fixtures/audio/${name}`, import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), "mirflow-cli-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const mirflow = (args: string[], input?: Buffer) =>
  spawnSync(process.execPath, [bin, ...args], { input, encoding: "utf8", timeout: 60_000 })

describe("mirflow spectrogram", () => {
  it("writes the (128, frames) float32 mel power spectrogram the library computes", async () => {
    const out = join(dir, "a.npy")
    const run = mirflow(["spectrogram", audio("mp3-44k-stereo.mp3"), "-o", out])
    expect(run.status, run.stderr).toBe(0)
    const written = decodeNpy(readFileSync(out))
    const mel = await Effect.runPromise(collectMel(melStream(audio("mp3-44k-stereo.mp3"))))
    expect(written.dtype).toBe("<f4")
    expect(written.shape).toEqual([128, mel.frames])
    expect(written.data).toEqual(toBinMajor(mel))
  })

  it("reads standard input and gives the same array as the file", () => {
    const fromFile = join(dir, "file.npy")
    const fromPipe = join(dir, "pipe.npy")
    expect(mirflow(["spectrogram", audio("flac-44k-stereo.flac"), "-o", fromFile]).status).toBe(0)
    const run = mirflow(["spectrogram", "-", "-o", fromPipe], readFileSync(audio("flac-44k-stereo.flac")))
    expect(run.status, run.stderr).toBe(0)
    expect(readFileSync(fromPipe).equals(readFileSync(fromFile))).toBe(true)
  })

  it("writes decibels with --db, readable by numpy", () => {
    const out = join(dir, "db.npy")
    expect(mirflow(["spectrogram", audio("vorbis-44k-stereo.ogg"), "-o", out, "--db"]).status).toBe(0)
    const db = decodeNpy(readFileSync(out)).data
    const max = Math.max(...db)
    expect(Math.min(...db)).toBeGreaterThanOrEqual(max - 80 - 1e-3)
    const python = spawnSync(
      "/usr/bin/python3",
      ["-c", `import numpy; a = numpy.load("${out}"); print(a.shape[0], a.dtype)`],
      {
        encoding: "utf8",
      },
    )
    if (python.status === 0) expect(python.stdout.trim()).toBe("128 float32")
  })

  it("fails with one clear line and exit code 1 on bad input, leaving no output", () => {
    const out = join(dir, "bad.npy")
    const text = mirflow(["spectrogram", audio("notes.wav"), "-o", out])
    expect(text.status).toBe(1)
    expect(text.stderr).toMatch(/^mirflow: UnsupportedFormat: .*plain text/)
    const missing = mirflow(["spectrogram", join(dir, "nope.wav"), "-o", out])
    expect(missing.stderr).toMatch(/AudioReadError: No such file/)
    writeFileSync(join(dir, "file"), "x")
    const unwritable = mirflow(["spectrogram", audio("wav-8k.wav"), "-o", join(dir, "file", "x.npy")])
    expect(unwritable.status).toBe(1)
    expect(unwritable.stderr).toMatch(/OutputWriteError/)
    expect(() => readFileSync(out)).toThrow()
    expect(execFileSync("ls", [dir], { encoding: "utf8" })).not.toMatch(/mirflow-tmp/)
  })
})

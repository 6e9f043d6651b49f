import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { goldenDir } from "../../test/support/golden.ts"
import { decodeNpy, encodeNpy, NpyFormatError } from "./npy.ts"

const goldenFiles = (): string[] =>
  readdirSync(goldenDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".npy"))

describe("npy", () => {
  it("re-encodes every C-ordered golden file byte for byte", () => {
    const files = goldenFiles()
    expect(files.length).toBeGreaterThan(50)
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(join(goldenDir, file)))
      if (new TextDecoder().decode(bytes.subarray(0, 128)).includes("'fortran_order': True")) continue
      expect(Buffer.from(encodeNpy(decodeNpy(bytes))).equals(Buffer.from(bytes)), file).toBe(true)
    }
  })

  it("reads shape, dtype and values", () => {
    const a = decodeNpy(readFileSync(join(goldenDir, "song/onset_frames.npy")))
    expect(a.dtype).toBe("<i4")
    expect(a.shape).toEqual([52])
    const w = decodeNpy(readFileSync(join(goldenDir, "window_hann_2048.npy")))
    expect(w.dtype).toBe("<f8")
    expect(w.data[1024]).toBe(1)
  })

  it("returns Fortran-ordered files in C order", () => {
    const power = decodeNpy(readFileSync(join(goldenDir, "short/power_spectrogram.npy")))
    expect(power.shape).toEqual([1025, 3])
    // A 440 Hz sine: bin 41 (440 / 22050 * 2048 ≈ 40.9) is the loudest in the middle frame.
    const middle = Array.from({ length: 1025 }, (_, k) => power.data[k * 3 + 1]!)
    expect(middle.indexOf(Math.max(...middle))).toBe(41)
  })

  it("rejects bytes that are not a .npy file, and truncated ones", () => {
    expect(() => decodeNpy(new TextEncoder().encode("hello world"))).toThrow(NpyFormatError)
    const good = encodeNpy({ dtype: "<f4", shape: [4, 3], data: new Float32Array(12) })
    expect(() => decodeNpy(good.subarray(0, good.length - 1))).toThrow(/truncated/)
    expect(() => encodeNpy({ dtype: "<f4", shape: [4, 4], data: new Float32Array(12) })).toThrow(/16 values/)
  })

  const python = "/usr/bin/python3"
  it.runIf(existsSync(python))("matches numpy.save byte for byte for 0 to 3 dimensions", () => {
    const dir = mkdtempSync(join(tmpdir(), "npy-"))
    try {
      const cases = [
        { dtype: "<f4", shape: [7], data: Float32Array.from({ length: 7 }, (_, i) => i * 0.5 - 1) },
        { dtype: "<f8", shape: [2, 3, 4], data: Float64Array.from({ length: 24 }, (_, i) => Math.sin(i)) },
        { dtype: "<i4", shape: [3, 1], data: Int32Array.from([-5, 0, 2 ** 31 - 1]) },
        { dtype: "<f4", shape: [0, 128], data: new Float32Array(0) },
      ] as const
      const script = cases
        .map((c, i) => {
          const np = { "<f4": "float32", "<f8": "float64", "<i4": "int32" }[c.dtype]
          return `np.save('${dir}/${i}.npy', np.array(${JSON.stringify(Array.from(c.data))}, dtype=np.${np}).reshape(${JSON.stringify(c.shape)}))`
        })
        .join("\n")
      execFileSync(python, ["-c", `import numpy as np\n${script}`])
      cases.forEach((c, i) => {
        const fromNumpy = readFileSync(join(dir, `${i}.npy`))
        expect(Buffer.from(encodeNpy(c)).equals(fromNumpy), `case ${i}`).toBe(true)
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

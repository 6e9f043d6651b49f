import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { decodeAll } from "../stream/decode/index.ts"
import { encodeWav } from "./wav.ts"

const ramp = (length: number, scale = 1) =>
  Float32Array.from({ length }, (_, i) => scale * Math.sin(i * 0.37))

describe("encodeWav", () => {
  const python = "/usr/bin/python3"
  it.runIf(existsSync(python))("writes 16-bit PCM byte for byte as Python's wave module does", () => {
    const left = ramp(1000, 1.2) // beyond full scale: clipped
    const right = ramp(1000, 0.5)
    const ints = (c: Float32Array) => Array.from(c, (x) => Math.round(Math.max(-1, Math.min(1, x)) * 32767))
    const dir = mkdtempSync(join(tmpdir(), "mirflow-wav-"))
    const path = join(dir, "py.wav")
    const script = [
      "import wave, struct, json, sys",
      `l, r = json.loads(sys.argv[1]), json.loads(sys.argv[2])`,
      `w = wave.open(${JSON.stringify(path)}, "wb"); w.setnchannels(2); w.setsampwidth(2); w.setframerate(22050)`,
      "w.writeframes(b''.join(struct.pack('<hh', a, b) for a, b in zip(l, r))); w.close()",
    ].join("\n")
    execFileSync(python, ["-c", script, JSON.stringify(ints(left)), JSON.stringify(ints(right))])
    expect(Buffer.from(encodeWav([left, right], 22050))).toEqual(readFileSync(path))
  })

  it("round-trips float32 through mirflow's decoder exactly", async () => {
    const channels = [ramp(4410), ramp(4410, -0.25)]
    const decoded = await Effect.runPromise(decodeAll(encodeWav(channels, 44100, "float32")))
    expect(decoded.sampleRate).toBe(44100)
    expect(decoded.channels).toEqual(channels)
  })

  it("rejects no channels, unequal lengths and a bad sample rate", () => {
    expect(() => encodeWav([], 22050)).toThrow(/at least one channel/)
    expect(() => encodeWav([ramp(3), ramp(4)], 22050)).toThrow(/same length/)
    expect(() => encodeWav([ramp(3)], 22050.5)).toThrow(/positive integer/)
  })
})

/**
 * TEMPORARY: decodes any file to mono float32 at 22050 Hz with ffmpeg, cached under .cache/eval-pcm.
 * Replace with mirflow's decoder + resampler when they land on main.
 */
import { spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const cacheDir = ".cache/eval-pcm"

export const decodeMono22050 = (path: string): Float32Array => {
  const id = createHash("sha1").update(`${path}:${statSync(path).mtimeMs}`).digest("hex").slice(0, 16)
  const cached = join(cacheDir, `${id}.f32`)
  if (existsSync(cached)) {
    const b = readFileSync(cached)
    return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength))
  }
  const run = spawnSync("ffmpeg", ["-v", "error", "-i", path, "-ac", "1", "-ar", "22050", "-f", "f32le", "-"], {
    maxBuffer: 1 << 30,
  })
  if (run.status !== 0) throw new Error(`ffmpeg failed on ${path}: ${run.stderr}`)
  mkdirSync(cacheDir, { recursive: true })
  writeFileSync(cached, run.stdout)
  const b = run.stdout
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength))
}

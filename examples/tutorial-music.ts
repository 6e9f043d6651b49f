/**
 * Writes a small folder of music for the getting-started tutorial (docs/getting-started.md): the
 * bundled demo song cut into six 5 s clips, each heard through three "speakers", one folder per speaker:
 *
 *   {folder}/music/studio/       clips 1–5 as they are
 *   {folder}/music/muffled/      clips 1–5 low-passed below ~400 Hz, like music through a wall
 *   {folder}/music/telephone/    clips 1–5 band-passed to ~300–3400 Hz, like a phone line
 *   {folder}/held-out/{speaker}/ clip 6, kept out of training to measure the model on
 *
 * The folder names play the part of genres: every folder holds the same notes, so a model can only
 * tell them apart by their timbre — which a network learns from 15 clips in seconds. Real genres need
 * real music: replace the folders with your own (one sub-folder per genre) and nothing else changes.
 *
 *   npm run example examples/tutorial-music.ts [folder]     (default: tutorial/)
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { encodeWav } from "mirflow/dsp"
import { collectMono, monoStream } from "mirflow/stream"

const demo = new URL("audio/demo.mp3", import.meta.url).pathname
const SAMPLE_RATE = 22050
const CLIP_SECONDS = 5

/** A one-pole low-pass filter run forwards `order` times: a gentle, phase-shifting but cheap filter. */
const lowPass = (samples: Float32Array, cutoffHz: number, order: number): Float32Array => {
  const a = 1 - Math.exp((-2 * Math.PI * cutoffHz) / SAMPLE_RATE)
  let out = samples
  for (let pass = 0; pass < order; pass++) {
    const next = new Float32Array(out.length)
    let y = 0
    for (let i = 0; i < out.length; i++) {
      y += a * (out[i]! - y)
      next[i] = y
    }
    out = next
  }
  return out
}

/** What is left after a low-pass: the high frequencies. */
const highPass = (samples: Float32Array, cutoffHz: number, order: number): Float32Array => {
  const low = lowPass(samples, cutoffHz, order)
  return samples.map((x, i) => x - low[i]!)
}

/** Scales a clip so its peak is at -3 dBFS: the speakers differ in timbre, not in loudness. */
const normalize = (samples: Float32Array): Float32Array => {
  let peak = 0
  for (const x of samples) peak = Math.max(peak, Math.abs(x))
  const gain = peak > 0 ? Math.SQRT1_2 / peak : 0 // -3 dBFS
  return samples.map((x) => x * gain)
}

const speakers = {
  studio: (x: Float32Array) => x,
  muffled: (x: Float32Array) => lowPass(x, 400, 4),
  telephone: (x: Float32Array) => lowPass(highPass(x, 300, 2), 3400, 2),
}

/** Clips of the demo (6 of 5 s); the last is held out. */
const CLIPS = 6

/**
 * Writes `{folder}/music/{speaker}/demo_{n}.wav` (clips 1–5) and `{folder}/held-out/{speaker}/demo_6.wav`.
 * Returns the two folders.
 */
export const writeTutorialMusic = (folder: string) =>
  Effect.gen(function* () {
    // Decode the MP3, mix it to mono and resample it to 22050 Hz: the rate mirflow analyses at.
    const song = yield* collectMono(monoStream(demo, { sampleRate: SAMPLE_RATE }))
    const clipLength = CLIP_SECONDS * SAMPLE_RATE
    const music = join(folder, "music")
    const heldOut = join(folder, "held-out")
    for (const [speaker, filter] of Object.entries(speakers)) {
      for (let n = 1; n <= CLIPS && n * clipLength <= song.length; n++) {
        const directory = join(n < CLIPS ? music : heldOut, speaker)
        mkdirSync(directory, { recursive: true })
        const clip = normalize(filter(song.subarray((n - 1) * clipLength, n * clipLength)))
        writeFileSync(join(directory, `demo_${n}.wav`), encodeWav([clip], SAMPLE_RATE))
      }
    }
    return { music, heldOut }
  })

if (import.meta.main) {
  const { music, heldOut } = await Effect.runPromise(writeTutorialMusic(process.argv[2] ?? "tutorial"))
  const speakerList = Object.keys(speakers).join(",")
  console.log(`${music}/{${speakerList}}/: ${CLIPS - 1} clips of ${CLIP_SECONDS} s each`)
  console.log(`${heldOut}/{${speakerList}}/: 1 clip each, held out for evaluation`)
}

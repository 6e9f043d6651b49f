/**
 * Synthetic music for the estimator tests: click tracks at a known tempo and chord progressions in a
 * known key, and the frame-wise inputs mirflow's analysis computes from a signal.
 */
import { powerToDb } from "../../src/dsp/db.ts"
import type { FrameMatrix } from "../../src/dsp/matrix.ts"
import { melFilterbank, melSpectrogram } from "../../src/dsp/mel.ts"
import { onsetStrength } from "../../src/dsp/onset.ts"
import { powerSpectrogram } from "../../src/dsp/stft.ts"

export const sampleRate = 22050

/** The analysis inputs of a 22050 Hz signal: power and dB mel spectrograms, onset strength, duration. */
export const analysisInputs = (
  samples: Float32Array,
): { power: FrameMatrix; melDb: FrameMatrix; onsetEnvelope: Float32Array; duration: number } => {
  const power = powerSpectrogram(samples)
  const melDb = powerToDb(melSpectrogram(power, melFilterbank()))
  return { power, melDb, onsetEnvelope: onsetStrength(melDb), duration: samples.length / sampleRate }
}

/**
 * Decaying noise bursts (20 ms) at every beat of `bpm`, `seconds` long; every `accentEvery`-th beat
 * twice as loud, and a softer low thump (60 Hz) on each beat so the low band sees the beat too.
 */
export const clickTrack = (bpm: number, seconds: number, accentEvery = 4): Float32Array => {
  const out = new Float32Array(Math.round(seconds * sampleRate))
  const period = (60 / bpm) * sampleRate
  let seed = 12345
  const noise = () => {
    seed = (seed * 1103515245 + 12345) >>> 0
    return seed / 2 ** 31 - 1
  }
  for (let beat = 0; beat * period < out.length; beat++) {
    const start = Math.round(beat * period)
    const gain = beat % accentEvery === 0 ? 0.5 : 0.25
    for (let n = 0; n < 0.08 * sampleRate && start + n < out.length; n++) {
      const decay = Math.exp(-n / (0.02 * sampleRate))
      out[start + n]! += gain * decay * (noise() + Math.sin((2 * Math.PI * 60 * n) / sampleRate))
    }
  }
  return out
}

/**
 * Chords (and a bass note an octave below the root) of harmonic tones, `secondsPerChord` each, at a
 * tuning `cents` away from A440. Chords are lists of MIDI pitches; the bass is the first minus 12.
 */
export const chordProgression = (
  chords: ReadonlyArray<ReadonlyArray<number>>,
  secondsPerChord: number,
  cents = 0,
): Float32Array => {
  const perChord = Math.round(secondsPerChord * sampleRate)
  const out = new Float32Array(perChord * chords.length)
  chords.forEach((chord, i) => {
    for (const pitch of [chord[0]! - 12, ...chord]) {
      const f0 = 440 * 2 ** ((pitch - 69 + cents / 100) / 12)
      for (let h = 1; h <= 6 && h * f0 < sampleRate / 2; h++) {
        // A rotating phasor (cos, sin) instead of Math.sin per sample: the tests synthesise a lot.
        const w = (2 * Math.PI * h * f0) / sampleRate
        const cw = Math.cos(w)
        const sw = Math.sin(w)
        let re = 1
        let im = 0
        let envelope = 1
        const decay = Math.exp(-1 / perChord)
        for (let n = 0; n < perChord; n++) {
          out[i * perChord + n]! += (0.05 / h) * Math.min(1, n / 200) * envelope * im
          const next = re * cw - im * sw
          im = re * sw + im * cw
          re = next
          envelope *= decay
        }
      }
    }
  })
  return out
}

/** Which drum strokes a {@link drumLoop} plays, as positions within the bar in beats. */
export interface DrumPattern {
  readonly beatsPerBar: number
  readonly kick: ReadonlyArray<number>
  readonly snare: ReadonlyArray<number>
  readonly hats: ReadonlyArray<number>
}

/** Kick on 1 and 3, snare on 2 and 4, closed hi-hat on every eighth note: the rock beat. */
export const rockBeat: DrumPattern = {
  beatsPerBar: 4,
  kick: [0, 2],
  snare: [1, 3],
  hats: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5],
}

/**
 * A drum kit playing `pattern` at `bpm` for `seconds`: the kick a 55 → 45 Hz sine thump of 150 ms,
 * the snare a 180 Hz tone with 120 ms of noise, the hi-hat 30 ms of first-differenced (bright) noise.
 * `hatGain` sets the hi-hat level against kick and snare (1 = as loud).
 */
export const drumLoop = (bpm: number, seconds: number, pattern: DrumPattern, hatGain = 0.5): Float32Array => {
  const out = new Float32Array(Math.round(seconds * sampleRate))
  const beat = (60 / bpm) * sampleRate
  let seed = 987654321
  const noise = () => {
    seed = (seed * 1103515245 + 12345) >>> 0
    return seed / 2 ** 31 - 1
  }
  const stroke = (start: number, length: number, sample: (n: number) => number) => {
    for (let n = 0; n < length && start + n < out.length; n++) out[start + n]! += sample(n)
  }
  for (let bar = 0; bar * pattern.beatsPerBar * beat < out.length; bar++) {
    const at = (position: number) => Math.round((bar * pattern.beatsPerBar + position) * beat)
    for (const p of pattern.kick)
      stroke(at(p), 0.15 * sampleRate, (n) => {
        const t = n / sampleRate
        return 0.6 * Math.exp(-t / 0.05) * Math.sin(2 * Math.PI * (55 * t - 33 * t * t))
      })
    for (const p of pattern.snare)
      stroke(at(p), 0.12 * sampleRate, (n) => {
        const t = n / sampleRate
        return Math.exp(-t / 0.04) * (0.3 * noise() + 0.2 * Math.sin(2 * Math.PI * 180 * t))
      })
    for (const p of pattern.hats) {
      let previous = 0
      stroke(at(p), 0.03 * sampleRate, (n) => {
        const white = noise()
        const bright = white - previous
        previous = white
        return hatGain * 0.3 * Math.exp(-n / (0.01 * sampleRate)) * bright
      })
    }
  }
  return out
}

/**
 * Generates songs with a known tempo and key for the estimator evaluation: a diatonic chord
 * progression, an accompaniment pattern, a bass line, an optional melody and an optional General MIDI
 * drum kit, all decided by a seeded random generator so that a corpus is reproducible from its seed.
 *
 * The tempo label is the quarter-note tempo written in the MIDI file; the key label is the tonic and
 * mode the harmony is built on (minor keys use the harmonic minor's major dominant, as most tonal
 * music does).
 *
 * @module
 */
import { keyName } from "../../src/dsp/key-label.ts"
import { type ChannelSetup, type MidiSong, type Note, ticksPerQuarter } from "./midi.ts"

/** What one corpus song is: the labels and the arrangement choices. */
export interface SongSpec {
  readonly id: string
  readonly seed: number
  /** Quarter-note tempo as the MIDI file encodes it (rounded to whole microseconds per quarter). */
  readonly bpm: number
  readonly tonic: number
  readonly mode: "major" | "minor"
  readonly beatsPerBar: 3 | 4
  readonly drums: boolean
  readonly melody: boolean
  /** Global detuning in cents, applied with pitch bend (0 = A440). */
  readonly tuningCents: number
}

/** mulberry32: a small, fast, seedable generator of floats in [0, 1). */
export const random = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

const pick = <A>(rng: () => number, items: ReadonlyArray<A>): A => items[Math.floor(rng() * items.length)]!

const shuffled = <A>(rng: () => number, items: ReadonlyArray<A>): A[] => {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/**
 * The specs of a corpus of `count` songs: tempos stratified over [minBpm, maxBpm], every one of the
 * 24 keys used once before any repeats, drums in about 60 % of songs, 3/4 in about 15 %, and a global
 * detuning of up to ±30 cents in about 40 %.
 */
export const corpusSpecs = (count: number, seed: number, minBpm = 70, maxBpm = 180): SongSpec[] => {
  const rng = random(seed)
  const tempoSlots = shuffled(
    rng,
    Array.from({ length: count }, (_, i) => i),
  )
  const keys: number[] = []
  while (keys.length < count)
    keys.push(
      ...shuffled(
        rng,
        Array.from({ length: 24 }, (_, k) => k),
      ),
    )
  return Array.from({ length: count }, (_, i) => {
    const nominal = minBpm + ((maxBpm - minBpm) * (tempoSlots[i]! + rng())) / count
    const microsPerQuarter = Math.round(60_000_000 / nominal)
    const key = keys[i]!
    return {
      id: `song${String(i + 1).padStart(3, "0")}`,
      seed: Math.floor(rng() * 2 ** 31),
      bpm: 60_000_000 / microsPerQuarter,
      tonic: key % 12,
      mode: key < 12 ? "major" : "minor",
      beatsPerBar: rng() < 0.15 ? 3 : 4,
      drums: rng() < 0.6,
      melody: rng() < 0.8,
      tuningCents: rng() < 0.4 ? Math.round((rng() * 2 - 1) * 30) : 0,
    }
  })
}

/** "A minor", "F# major": the label format of the features file. */
export const keyLabel = (spec: SongSpec): string => keyName(spec)

const majorScale = [0, 2, 4, 5, 7, 9, 11]
const minorScale = [0, 2, 3, 5, 7, 8, 10]

/**
 * Scale degrees (0 = tonic) of common functional progressions. Each starts on the tonic and returns
 * to it through a dominant or subdominant, so the notes establish the labelled key (a loop such as
 * vi–IV–I–V would leave major and relative minor equally plausible, and the label would be a guess).
 */
const majorProgressions = [
  [0, 4, 5, 3],
  [0, 3, 4, 0],
  [0, 5, 3, 4],
  [0, 1, 4, 0],
  [0, 3, 0, 4],
  [0, 2, 3, 4],
]
const minorProgressions = [
  [0, 3, 4, 0],
  [0, 6, 5, 4],
  [0, 5, 3, 4],
  [0, 3, 0, 4],
  [0, 5, 6, 0],
]

/** Pitch classes (relative to the tonic) of the triad on `degree`; minor keys take the major V. */
const triad = (mode: SongSpec["mode"], degree: number): number[] => {
  const scale = mode === "major" ? majorScale : minorScale
  const tones = [0, 2, 4].map((step) => {
    const d = degree + step
    return scale[d % 7]! + 12 * Math.floor(d / 7)
  })
  if (mode === "minor" && degree === 4) tones[1] = tones[1]! + 1
  return tones
}

const programs = {
  accompaniment: [0, 1, 4, 5, 16, 19, 24, 25, 27, 46, 48, 49, 88, 89],
  bass: [32, 33, 34, 35, 38, 39],
  melody: [11, 40, 56, 65, 66, 71, 73, 80, 81, 22],
} as const

const channels = { accompaniment: 0, bass: 1, melody: 2, drums: 9 } as const

/** A composed song: the MIDI and a short description of the arrangement (for the labels file). */
export interface ComposedSong {
  readonly midi: MidiSong
  readonly arrangement: string
}

/** Arranges `spec` into MIDI: `seconds` of music (a little more, the renderer trims it). */
export const composeSong = (spec: SongSpec, seconds = 32): ComposedSong => {
  const rng = random(spec.seed)
  const beat = ticksPerQuarter
  const bar = beat * spec.beatsPerBar
  const bars = Math.ceil((seconds * spec.bpm) / 60 / spec.beatsPerBar)
  const progression = pick(rng, spec.mode === "major" ? majorProgressions : minorProgressions)
  const chordsPerBar = spec.beatsPerBar === 4 && rng() < 0.3 ? 2 : 1
  const tonicPitch = 48 + spec.tonic // the C below middle C up to B
  const notes: Note[] = []
  // Up to ±6 ms of timing jitter and ±10 velocity: a human player, not a sequencer grid.
  const jitter = () => Math.round(((rng() * 2 - 1) * (0.006 * spec.bpm * beat)) / 60)
  const add = (channel: number, pitch: number, velocity: number, start: number, length: number) =>
    notes.push({
      channel,
      pitch,
      velocity: Math.max(1, Math.min(127, Math.round(velocity + (rng() * 2 - 1) * 10))),
      start: Math.max(0, start + jitter()),
      length: Math.max(1, length),
    })

  const accompanimentStyle = pick(rng, ["block", "pulse", "arpeggio", "offbeat"] as const)
  const bassStyle = pick(rng, ["downbeats", "eighths", "root-fifth", "walking"] as const)
  const chordSpan = bar / chordsPerBar
  for (let b = 0; b < bars; b++) {
    for (let c = 0; c < chordsPerBar; c++) {
      const degree = progression[(b * chordsPerBar + c) % progression.length]!
      const tones = triad(spec.mode, degree)
      const start = b * bar + c * chordSpan
      // Voice the chord around middle C and the bass an octave and more below.
      const voiced = tones
        .map((t) => tonicPitch + 12 + (t % 12) - (t % 12 > 7 ? 12 : 0))
        .sort((x, y) => x - y)
      const root = tonicPitch - 12 + (tones[0]! % 12)
      const fifth = tonicPitch - 12 + (tones[2]! % 12)
      switch (accompanimentStyle) {
        case "block":
          for (const p of voiced) add(channels.accompaniment, p, 70, start, chordSpan - 10)
          break
        case "pulse":
          for (let t = 0; t < chordSpan; t += beat)
            for (const p of voiced) add(channels.accompaniment, p, 72, start + t, beat - 40)
          break
        case "arpeggio":
          for (let t = 0, i = 0; t < chordSpan; t += beat / 2, i++)
            add(channels.accompaniment, voiced[[0, 1, 2, 1][i % 4]!]!, 68, start + t, beat / 2)
          break
        case "offbeat":
          for (let t = beat / 2; t < chordSpan; t += beat)
            for (const p of voiced) add(channels.accompaniment, p, 70, start + t, beat / 3)
          break
      }
      switch (bassStyle) {
        case "downbeats":
          for (let t = 0; t < chordSpan; t += 2 * beat)
            add(channels.bass, root, 90, start + t, Math.min(2 * beat, chordSpan - t) - 20)
          break
        case "eighths":
          for (let t = 0; t < chordSpan; t += beat / 2)
            add(channels.bass, root, t % beat === 0 ? 90 : 75, start + t, beat / 2 - 20)
          break
        case "root-fifth":
          for (let t = 0, i = 0; t < chordSpan; t += beat, i++)
            add(channels.bass, i % 2 === 0 ? root : fifth, 88, start + t, beat - 20)
          break
        case "walking": {
          const third = tonicPitch - 12 + (tones[1]! % 12)
          const line = [root, third, fifth, third]
          for (let t = 0, i = 0; t < chordSpan; t += beat, i++)
            add(channels.bass, line[i % 4]!, 85, start + t, beat - 20)
          break
        }
      }
    }
  }

  if (spec.melody) {
    // Chord tones on the beats, scale steps between them: how most tonal melodies move.
    const scale = spec.mode === "major" ? majorScale : minorScale
    const low = tonicPitch + 12
    const high = tonicPitch + 31
    let previous = low + 7
    for (let t = 2 * bar; t < bars * bar; ) {
      const length = pick(rng, [beat / 2, beat, beat, beat * 2])
      if (rng() < 0.15) {
        t += length // a rest
        continue
      }
      const degree = progression[Math.floor(t / chordSpan) % progression.length]!
      const chord = triad(spec.mode, degree).map((x) => x % 12)
      // Over the dominant of a minor key the melody takes its leading tone too.
      const steps = spec.mode === "minor" && degree === 4 ? scale.map((x) => (x === 10 ? 11 : x)) : scale
      const allowed = t % beat === 0 ? chord : steps
      const candidates: number[] = []
      for (let p = low; p <= high; p++) {
        const distance = Math.abs(p - previous)
        if (
          allowed.includes((p - tonicPitch + 120) % 12) &&
          distance <= 5 &&
          (distance > 0 || t % beat === 0)
        )
          candidates.push(p)
      }
      const pitch = candidates.length > 0 ? pick(rng, candidates) : previous
      add(channels.melody, pitch, t % beat === 0 ? 85 : 75, t, length - 20)
      previous = pitch
      t += length
    }
  }

  let drumStyle = "none"
  if (spec.drums) {
    const style =
      spec.beatsPerBar === 3
        ? "waltz"
        : pick(rng, ["rock", "disco", "sixteenths", "rock-syncopated"] as const)
    drumStyle = style
    const kick = 36
    const snare = 38
    const closedHat = 42
    const openHat = 46
    for (let b = 0; b < bars; b++) {
      const s = b * bar
      if (b % 4 === 0) add(channels.drums, 49, 90, s, beat) // crash at each phrase
      switch (style) {
        case "waltz":
          add(channels.drums, kick, 100, s, beat / 2)
          add(channels.drums, snare, 70, s + beat, beat / 2)
          add(channels.drums, snare, 70, s + 2 * beat, beat / 2)
          for (let t = 0; t < bar; t += beat) add(channels.drums, closedHat, 60, s + t, beat / 4)
          break
        case "rock":
        case "rock-syncopated":
          add(channels.drums, kick, 100, s, beat / 2)
          add(channels.drums, kick, 95, s + 2 * beat, beat / 2)
          if (style === "rock-syncopated") add(channels.drums, kick, 85, s + 2.5 * beat, beat / 2)
          add(channels.drums, snare, 95, s + beat, beat / 2)
          add(channels.drums, snare, 95, s + 3 * beat, beat / 2)
          for (let t = 0; t < bar; t += beat / 2)
            add(channels.drums, closedHat, t % beat === 0 ? 75 : 60, s + t, beat / 4)
          break
        case "disco":
          for (let t = 0; t < bar; t += beat) {
            add(channels.drums, kick, 100, s + t, beat / 2)
            add(channels.drums, openHat, 65, s + t + beat / 2, beat / 4)
          }
          add(channels.drums, snare, 90, s + beat, beat / 2)
          add(channels.drums, snare, 90, s + 3 * beat, beat / 2)
          break
        case "sixteenths":
          add(channels.drums, kick, 100, s, beat / 2)
          add(channels.drums, kick, 90, s + 2 * beat, beat / 2)
          add(channels.drums, snare, 95, s + beat, beat / 2)
          add(channels.drums, snare, 95, s + 3 * beat, beat / 2)
          for (let t = 0; t < bar; t += beat / 4)
            add(channels.drums, closedHat, t % beat === 0 ? 70 : 50, s + t, beat / 8)
          break
      }
    }
  }

  const setups: ChannelSetup[] = [
    { channel: channels.accompaniment, program: pick(rng, programs.accompaniment), volume: 90 },
    { channel: channels.bass, program: pick(rng, programs.bass), volume: 100 },
  ]
  if (spec.melody) setups.push({ channel: channels.melody, program: pick(rng, programs.melody), volume: 95 })
  if (spec.drums) setups.push({ channel: channels.drums, program: 0, volume: 100 })
  return {
    midi: {
      bpm: spec.bpm,
      beatsPerBar: spec.beatsPerBar,
      tuningCents: spec.tuningCents,
      channels: setups,
      notes,
    },
    arrangement: `${accompanimentStyle} ${chordsPerBar}/bar; bass ${bassStyle}; drums ${drumStyle}`,
  }
}

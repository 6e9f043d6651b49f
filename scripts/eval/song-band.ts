/**
 * A second, harder song style for development corpora ("band"): closer to recorded pop, rock, soul
 * and blues than song.ts's functional cadences, so that estimator choices are not made on clean
 * triads alone. What it adds, each for a reason the real recordings showed:
 * - modal and pop harmony: I–V–vi–IV, the mixolydian ♭VII, aeolian i–♭VI–♭III–♭VII, natural-minor v,
 *   dorian vamps, twelve-bar blues with dominant sevenths, ii–V–I with sevenths;
 * - timbres rich in overtones: overdriven and distorted guitar power chords (no third), organ, brass,
 *   saw leads, sung vowels with vibrato;
 * - louder drums with half-time, four-on-the-floor, funk, shuffle and ride patterns and fills;
 * - a live-like tempo drift (±1.5 % around the labelled tempo), swing, reverb and chorus sends.
 *
 * The labels keep their meaning: the tempo is the mean quarter-note tempo and the key is the tonic
 * the progression starts and cadences on, in the mode of its tonic chord (dorian and aeolian vamps
 * are labelled minor, mixolydian and blues major, as key annotators do).
 *
 * @module
 */
import { type ChannelSetup, type Note, type TempoChange, ticksPerQuarter } from "./midi.ts"
import { type ComposedSong, random, type SongSpec } from "./song.ts"

type Quality = "maj" | "min" | "dom7" | "maj7" | "min7" | "power"

/** A chord: root in semitones above the tonic and its quality. */
interface Chord {
  readonly root: number
  readonly quality: Quality
}

const intervals: Record<Quality, ReadonlyArray<number>> = {
  maj: [0, 4, 7],
  min: [0, 3, 7],
  dom7: [0, 4, 7, 10],
  maj7: [0, 4, 7, 11],
  min7: [0, 3, 7, 10],
  power: [0, 7, 12],
}

const c = (root: number, quality: Quality): Chord => ({ root, quality })

/** Progressions by mode; each starts on the tonic chord (the label) except where noted. */
const progressions: Record<
  SongSpec["mode"],
  ReadonlyArray<{ name: string; chords: ReadonlyArray<Chord> }>
> = {
  major: [
    { name: "I-V-vi-IV", chords: [c(0, "maj"), c(7, "maj"), c(9, "min"), c(5, "maj")] },
    { name: "I-vi-IV-V", chords: [c(0, "maj"), c(9, "min"), c(5, "maj"), c(7, "maj")] },
    { name: "I-bVII-IV-I", chords: [c(0, "maj"), c(10, "maj"), c(5, "maj"), c(0, "maj")] },
    { name: "I-IV-I-V", chords: [c(0, "maj"), c(5, "maj"), c(0, "maj"), c(7, "maj")] },
    { name: "Imaj7-vi7-ii7-V7", chords: [c(0, "maj7"), c(9, "min7"), c(2, "min7"), c(7, "dom7")] },
    {
      name: "12-bar blues",
      chords: [0, 0, 0, 0, 5, 5, 0, 0, 7, 5, 0, 7].map((root) => c(root, "dom7")),
    },
  ],
  minor: [
    { name: "i-bVI-bIII-bVII", chords: [c(0, "min"), c(8, "maj"), c(3, "maj"), c(10, "maj")] },
    { name: "i-bVII-bVI-bVII", chords: [c(0, "min"), c(10, "maj"), c(8, "maj"), c(10, "maj")] },
    { name: "i-iv-v-i", chords: [c(0, "min"), c(5, "min"), c(7, "min"), c(0, "min")] },
    { name: "i-iv-bVII-bIII", chords: [c(0, "min"), c(5, "min"), c(10, "maj"), c(3, "maj")] },
    { name: "i-bVI-iv-V", chords: [c(0, "min"), c(8, "maj"), c(5, "min"), c(7, "maj")] },
    { name: "dorian i7-IV", chords: [c(0, "min7"), c(5, "maj"), c(0, "min7"), c(5, "maj")] },
    {
      name: "minor blues",
      chords: [0, 0, 0, 0, 5, 5, 0, 0, 7, 5, 0, 7].map((root) => c(root, root === 7 ? "dom7" : "min7")),
    },
  ],
}

/** The scale the melody draws on, per progression family (semitones above the tonic). */
const melodyScale = (mode: SongSpec["mode"], name: string): ReadonlyArray<number> => {
  if (name.includes("blues")) return mode === "major" ? [0, 3, 4, 7, 9, 10] : [0, 3, 5, 6, 7, 10]
  if (name.includes("bVII") && mode === "major") return [0, 2, 4, 5, 7, 9, 10]
  if (name.includes("dorian")) return [0, 2, 3, 5, 7, 9, 10]
  return mode === "major" ? [0, 2, 4, 5, 7, 9, 11] : [0, 2, 3, 5, 7, 8, 10]
}

const programs = {
  rhythm: [29, 30, 4, 5, 16, 17, 18, 0, 26, 27, 61],
  pad: [48, 49, 50, 52, 88, 89, 90, 91, 19],
  bass: [33, 34, 35, 36, 38, 39],
  lead: [52, 53, 54, 65, 66, 56, 73, 80, 81, 40, 22, 26, 29],
} as const

const channels = { rhythm: 0, pad: 3, bass: 1, lead: 2, drums: 9 } as const

/**
 * Drum patterns in 4/4 with the quarter-note tempos they are played at (BPM), as in recorded music:
 * sixteenth-note funk is slow, a half-time feel is written at fast tempos, shuffles are not fast.
 */
const drumStyles4 = [
  { name: "rock", from: 0, to: 999 },
  { name: "half-time", from: 130, to: 999 },
  { name: "four-on-the-floor", from: 0, to: 999 },
  { name: "funk", from: 0, to: 125 },
  { name: "shuffle", from: 0, to: 160 },
  { name: "ride", from: 0, to: 999 },
] as const
const rhythmStyles = ["strum-eighths", "chug", "skank", "syncopated", "quarters"] as const
const bassStyles = ["root-eighths", "root-fifth-octave", "syncopated", "walking-chromatic"] as const
/** In 3/4 the 3-3-2 syncopations would regroup the bar into two dotted quarters (6/8): left out. */
const straight = <A extends string>(styles: ReadonlyArray<A>, beatsPerBar: number): ReadonlyArray<A> =>
  beatsPerBar === 3 ? styles.filter((s) => s !== "syncopated") : styles

const pick = <A>(rng: () => number, items: ReadonlyArray<A>): A => items[Math.floor(rng() * items.length)]!

/**
 * Arranges `spec` in the band style: `seconds` of music (a little more; the renderer trims it). Uses
 * `spec.seed` for every choice, so a spec always gives the same song.
 */
export const composeBandSong = (spec: SongSpec, seconds = 32): ComposedSong => {
  const rng = random(spec.seed ^ 0x5bd1e995)
  const beat = ticksPerQuarter
  const bar = beat * spec.beatsPerBar
  const bars = Math.ceil((seconds * spec.bpm * 1.03) / 60 / spec.beatsPerBar)
  const progression = pick(rng, progressions[spec.mode])
  const chordsPerBar = progression.chords.length > 4 || spec.beatsPerBar === 3 || rng() < 0.6 ? 1 : 2
  const chordSpan = bar / chordsPerBar
  const swing = spec.beatsPerBar === 4 && rng() < 0.25
  const tonicPitch = 40 + ((spec.tonic + 8) % 12) // E2 … D#3: guitar and bass register
  const notes: Note[] = []
  const jitterTicks = (0.01 * spec.bpm * beat) / 60 // ±10 ms
  // An off-beat eighth lands at 2/3 of the beat when the song swings.
  const at = (ticks: number) => {
    const inBeat = ticks % beat
    return swing && inBeat === beat / 2 ? ticks - inBeat + Math.round((2 * beat) / 3) : ticks
  }
  const add = (channel: number, pitch: number, velocity: number, start: number, length: number) =>
    notes.push({
      channel,
      pitch,
      velocity: Math.max(1, Math.min(127, Math.round(velocity + (rng() * 2 - 1) * 12))),
      start: Math.max(0, Math.round(at(start) + (rng() * 2 - 1) * jitterTicks)),
      length: Math.max(1, Math.round(length)),
    })
  const chordAt = (tick: number) =>
    progression.chords[Math.floor(tick / chordSpan) % progression.chords.length]!

  const rhythmProgram = pick(rng, programs.rhythm)
  const distorted = rhythmProgram === 29 || rhythmProgram === 30
  const rhythmStyle = distorted
    ? pick(rng, ["strum-eighths", "chug"] as const)
    : pick(rng, straight(rhythmStyles, spec.beatsPerBar))
  const bassStyle = pick(rng, straight(bassStyles, spec.beatsPerBar))
  const withPad = rng() < 0.5
  for (let b = 0; b < bars; b++)
    for (let k = 0; k < chordsPerBar; k++) {
      const start = b * bar + k * chordSpan
      const chord = chordAt(start)
      const quality = distorted ? "power" : chord.quality
      const root = tonicPitch + 12 + chord.root - (chord.root > 7 ? 12 : 0)
      const voiced = intervals[quality].map((i) => root + i + (distorted ? 0 : 12))
      for (let t = 0; t < chordSpan; t += beat / 2) {
        const onBeat = t % beat === 0
        const play =
          rhythmStyle === "strum-eighths" ||
          rhythmStyle === "chug" ||
          (rhythmStyle === "skank" && !onBeat) ||
          (rhythmStyle === "quarters" && onBeat) ||
          (rhythmStyle === "syncopated" && [0, 3 * (beat / 2), 6 * (beat / 2)].includes(t % (4 * beat)))
        if (!play) continue
        const length = rhythmStyle === "chug" ? beat / 4 : rhythmStyle === "syncopated" ? beat : beat / 2 - 20
        const velocity = onBeat ? 80 : rhythmStyle === "skank" ? 85 : 68
        for (const p of voiced) add(channels.rhythm, p, velocity, start + t, length)
      }
      if (withPad)
        for (const i of intervals[chord.quality]) add(channels.pad, root + 24 + i, 55, start, chordSpan - 10)
      const bassRoot = tonicPitch + chord.root - (chord.root > 7 ? 12 : 0)
      const third = intervals[chord.quality][1]!
      switch (bassStyle) {
        case "root-eighths":
          for (let t = 0; t < chordSpan; t += beat / 2)
            add(channels.bass, bassRoot, t % beat === 0 ? 95 : 80, start + t, beat / 2 - 30)
          break
        case "root-fifth-octave":
          for (let t = 0, i = 0; t < chordSpan; t += beat, i++)
            add(channels.bass, bassRoot + [0, 7, 12, 7][i % 4]!, 92, start + t, beat - 40)
          break
        case "syncopated":
          for (const t of [0, 1.5 * beat, 2 * beat, 3.5 * beat])
            if (t < chordSpan)
              add(channels.bass, bassRoot + (t === 2 * beat ? 7 : 0), 95, start + t, beat / 2)
          break
        case "walking-chromatic": {
          // Root, third, fifth, then a chromatic approach to the next chord's root.
          const next = chordAt(start + chordSpan)
          const nextRoot = tonicPitch + next.root - (next.root > 7 ? 12 : 0)
          const line = [bassRoot, bassRoot + third, bassRoot + 7, nextRoot + (nextRoot > bassRoot ? -1 : 1)]
          for (let t = 0, i = 0; t < chordSpan; t += beat, i++)
            add(channels.bass, line[i % 4]!, 88, start + t, beat - 30)
          break
        }
      }
    }

  const leadProgram = pick(rng, programs.lead)
  if (spec.melody) {
    // Phrases of two bars from bar 2: chord tones on strong beats, scale steps between, the phrase
    // ending on the tonic or the chord's root; blue notes come with the blues scale.
    const scale = melodyScale(spec.mode, progression.name)
    const low = tonicPitch + 24
    let previous = low + 7
    for (let t = 2 * bar; t < bars * bar; ) {
      const length = pick(rng, [beat / 2, beat / 2, beat, beat, 1.5 * beat, 2 * beat])
      const phraseEnd = (t + length) % (2 * bar) === 0
      if (rng() < 0.12) {
        t += length
        continue
      }
      const chord = chordAt(t)
      const chordTones = intervals[chord.quality].map((i) => (chord.root + i) % 12)
      const allowed = phraseEnd ? [0, chord.root % 12] : t % beat === 0 ? chordTones : scale
      const candidates: number[] = []
      for (let p = low; p <= low + 19; p++)
        if (allowed.includes((((p - tonicPitch) % 12) + 12) % 12) && Math.abs(p - previous) <= 7)
          candidates.push(p)
      const pitch = candidates.length > 0 ? pick(rng, candidates) : previous
      add(channels.lead, pitch, t % beat === 0 ? 88 : 76, t, length - 15)
      previous = pitch
      t += length
    }
  }

  let drumStyle = "none"
  if (spec.drums) {
    const style =
      spec.beatsPerBar === 3
        ? "waltz"
        : pick(
            rng,
            drumStyles4.filter((d) => spec.bpm >= d.from && spec.bpm <= d.to),
          ).name
    drumStyle = style
    const [kick, snare, clap, closed, pedal, open, ride, crash] = [36, 38, 39, 42, 44, 46, 51, 49]
    const hit = (pitch: number, velocity: number, start: number) =>
      add(channels.drums, pitch, velocity, start, beat / 4)
    for (let b = 0; b < bars; b++) {
      const s = b * bar
      if (b % 8 === 0) hit(crash, 100, s)
      const fill = b % 4 === 3 && rng() < 0.5
      const beatsPlayed = fill ? spec.beatsPerBar - 1 : spec.beatsPerBar
      for (let q = 0; q < beatsPlayed; q++) {
        const t = s + q * beat
        switch (style) {
          case "rock":
            if (q % 2 === 0) hit(kick, 110, t)
            else hit(snare, 105, t)
            if (q === 2 && rng() < 0.4) hit(kick, 95, t + beat / 2)
            hit(closed, 80, t)
            hit(closed, 62, t + beat / 2)
            break
          case "half-time":
            if (q === 0) hit(kick, 110, t)
            if (q === 2) hit(snare, 110, t)
            if (q === 1 && rng() < 0.5) hit(kick, 90, t + beat / 2)
            hit(closed, 75, t)
            hit(closed, 60, t + beat / 2)
            break
          case "four-on-the-floor":
            hit(kick, 112, t)
            if (q % 2 === 1) hit(clap, 100, t)
            hit(open, 72, t + beat / 2)
            hit(closed, 55, t + beat / 4)
            hit(closed, 55, t + (3 * beat) / 4)
            break
          case "funk":
            if (q === 0) hit(kick, 110, t)
            if (q === 0 || q === 2) hit(kick, 95, t + (3 * beat) / 4)
            if (q % 2 === 1) hit(snare, 108, t)
            for (let x = 0; x < 4; x++) hit(closed, x === 0 ? 78 : 55, t + (x * beat) / 4)
            break
          case "shuffle":
            if (q % 2 === 0) hit(kick, 105, t)
            else hit(snare, 100, t)
            hit(closed, 75, t)
            hit(closed, 60, t + Math.round((2 * beat) / 3))
            break
          case "ride":
            hit(ride, 80, t)
            if (q % 2 === 1) {
              hit(pedal, 70, t)
              hit(ride, 65, t + Math.round((2 * beat) / 3))
            }
            if (q === 0) hit(kick, 80, t)
            break
          case "waltz":
            if (q === 0) hit(kick, 108, t)
            else hit(snare, 85, t)
            hit(closed, 70, t)
            hit(closed, 55, t + beat / 2)
            break
        }
      }
      if (fill) {
        const t = s + (spec.beatsPerBar - 1) * beat
        const toms = [50, 48, 47, 45]
        for (let i = 0; i < toms.length; i++) hit(toms[i]!, 100, t + (i * beat) / 4)
      }
    }
  }

  // A slow drift of up to ±1.5 % around the labelled tempo, one change per bar, mean-preserving.
  const phase = rng() * 2 * Math.PI
  const depth = 0.005 + rng() * 0.01
  const tempoChanges: TempoChange[] = []
  for (let b = 1; b < bars; b++)
    tempoChanges.push({
      tick: b * bar,
      bpm: spec.bpm * (1 + depth * Math.sin(phase + (2 * Math.PI * b) / 8)),
    })

  const reverb = () => 30 + Math.floor(rng() * 70)
  const setups: ChannelSetup[] = [
    { channel: channels.rhythm, program: rhythmProgram, volume: 88, reverb: reverb(), chorus: 30 },
    { channel: channels.bass, program: pick(rng, programs.bass), volume: 105, reverb: 20 },
  ]
  if (withPad)
    setups.push({ channel: channels.pad, program: pick(rng, programs.pad), volume: 70, reverb: reverb() })
  if (spec.melody)
    setups.push({
      channel: channels.lead,
      program: leadProgram,
      volume: 100,
      reverb: reverb(),
      modulation: 50,
    })
  if (spec.drums) setups.push({ channel: channels.drums, program: 0, volume: 120, reverb: 40 })
  return {
    midi: {
      bpm: tempoChanges.length > 0 ? spec.bpm * (1 + depth * Math.sin(phase)) : spec.bpm,
      beatsPerBar: spec.beatsPerBar,
      tuningCents: spec.tuningCents,
      channels: setups,
      notes,
      tempoChanges,
    },
    arrangement: `band: ${progression.name} ${chordsPerBar}/bar${swing ? " swing" : ""}; rhythm ${rhythmStyle} (program ${rhythmProgram})${withPad ? " + pad" : ""}; bass ${bassStyle}; drums ${drumStyle}`,
  }
}

import { describe, expect, it } from "vitest"
import { ticksPerQuarter, writeMidi } from "../scripts/eval/midi.ts"
import { composeSong, corpusSpecs, keyLabel } from "../scripts/eval/song.ts"
import { composeBandSong } from "../scripts/eval/song-band.ts"

const ascii = (bytes: Uint8Array, from: number) => String.fromCharCode(...bytes.subarray(from, from + 4))

describe("writeMidi", () => {
  it("writes a format-1 file: header, conductor track with tempo, one track per channel", () => {
    const bytes = writeMidi({
      bpm: 120,
      beatsPerBar: 4,
      tuningCents: 0,
      channels: [{ channel: 0, program: 0, volume: 100 }],
      notes: [{ channel: 0, pitch: 60, velocity: 90, start: 480, length: 480 }],
    })
    expect(ascii(bytes, 0)).toBe("MThd")
    expect(Array.from(bytes.subarray(8, 14))).toEqual([
      0,
      1,
      0,
      2,
      ticksPerQuarter >> 8,
      ticksPerQuarter & 255,
    ])
    expect(ascii(bytes, 14)).toBe("MTrk")
    // Tempo meta event: 500000 µs per quarter note = 120 BPM.
    const tempoAt = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0x51)
    expect(Array.from(bytes.subarray(tempoAt + 3, tempoAt + 6))).toEqual([0x07, 0xa1, 0x20])
    // The note-on 480 ticks in: delta time 480 as a variable-length quantity is 0x83 0x60.
    const noteOn = bytes.findIndex((b, i) => b === 0x90 && bytes[i + 1] === 60 && bytes[i + 2] === 90)
    expect(Array.from(bytes.subarray(noteOn - 2, noteOn))).toEqual([0x83, 0x60])
  })
})

describe("writeMidi's live-like additions", () => {
  it("writes tempo changes in the conductor track and reverb, chorus and modulation controllers", () => {
    const bytes = writeMidi({
      bpm: 100,
      beatsPerBar: 4,
      tuningCents: 0,
      channels: [{ channel: 2, program: 52, volume: 100, reverb: 64, chorus: 30, modulation: 50 }],
      notes: [{ channel: 2, pitch: 64, velocity: 90, start: 0, length: 480 }],
      tempoChanges: [{ tick: 1920, bpm: 120 }],
    })
    const tempos: number[] = []
    bytes.forEach((b, i) => {
      if (b === 0xff && bytes[i + 1] === 0x51)
        tempos.push((bytes[i + 3]! << 16) | (bytes[i + 4]! << 8) | bytes[i + 5]!)
    })
    expect(tempos).toEqual([600000, 500000])
    for (const [controller, value] of [
      [91, 64],
      [93, 30],
      [1, 50],
    ])
      expect(bytes.some((b, i) => b === 0xb2 && bytes[i + 1] === controller && bytes[i + 2] === value)).toBe(
        true,
      )
  })
})

describe("the band style", () => {
  const specs = corpusSpecs(40, 21)

  it("is reproducible and drifts no more than 1.5 % around the labelled tempo", () => {
    for (const spec of specs.slice(0, 8)) {
      const song = composeBandSong(spec)
      expect(composeBandSong(spec)).toEqual(song)
      for (const change of song.midi.tempoChanges ?? [])
        expect(Math.abs(change.bpm / spec.bpm - 1)).toBeLessThanOrEqual(0.0151)
      expect(song.midi.notes.every((n) => n.pitch >= 0 && n.pitch <= 127 && n.length > 0)).toBe(true)
    }
  })

  it("plays no 3-3-2 syncopation in 3/4, where it would sound like 6/8", () => {
    const waltzes = specs.filter((s) => s.beatsPerBar === 3)
    expect(waltzes.length).toBeGreaterThan(0)
    for (const spec of waltzes) expect(composeBandSong(spec).arrangement).not.toMatch(/syncopated/)
  })
})

describe("the rendered corpus", () => {
  const specs = corpusSpecs(40, 1)

  it("covers all 24 keys and tempos from 70 to 180 BPM", () => {
    expect(new Set(specs.map(keyLabel)).size).toBe(24)
    const tempos = specs.map((s) => s.bpm)
    expect(Math.min(...tempos)).toBeGreaterThanOrEqual(70)
    expect(Math.max(...tempos)).toBeLessThanOrEqual(180)
    expect(specs.some((s) => s.drums) && specs.some((s) => !s.drums)).toBe(true)
  })

  it("is reproducible from its seed", () => {
    expect(corpusSpecs(40, 1)).toEqual(specs)
    expect(composeSong(specs[3]!).midi).toEqual(composeSong(specs[3]!).midi)
    expect(corpusSpecs(40, 2)).not.toEqual(specs)
  })
})

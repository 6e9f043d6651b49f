/**
 * A minimal Standard MIDI File writer (format 1, one track per channel), enough to hand a generated
 * song to `fluidsynth`. Times are in ticks; {@link ticksPerQuarter} ticks make one quarter note.
 *
 * Reference: "Standard MIDI Files 1.0", MIDI Manufacturers Association (1996).
 *
 * @module
 */

/** Ticks per quarter note written in the header. */
export const ticksPerQuarter = 480

/** One note: channel 0-15 (9 is General MIDI percussion), start and length in ticks. */
export interface Note {
  readonly channel: number
  readonly pitch: number
  readonly velocity: number
  readonly start: number
  readonly length: number
}

/** What a channel plays: a General MIDI program (ignored on channel 9) and its volume (CC 7). */
export interface ChannelSetup {
  readonly channel: number
  readonly program: number
  readonly volume: number
  /** Reverb send (CC 91), 0-127; the synthesizer's default when absent. */
  readonly reverb?: number
  /** Chorus send (CC 93), 0-127; the synthesizer's default when absent. */
  readonly chorus?: number
  /** Modulation wheel (CC 1, vibrato on most melodic presets), 0-127; none when absent. */
  readonly modulation?: number
}

/** A tempo change at a tick (a live-like drift around the nominal tempo). */
export interface TempoChange {
  readonly tick: number
  readonly bpm: number
}

/** A song as MIDI needs it. `tuningCents` detunes every pitched channel with pitch bend (±2 semitone range). */
export interface MidiSong {
  readonly bpm: number
  readonly beatsPerBar: number
  readonly tuningCents: number
  readonly channels: ReadonlyArray<ChannelSetup>
  readonly notes: ReadonlyArray<Note>
  /** Tempo changes after the start (the start uses `bpm`); none when absent. */
  readonly tempoChanges?: ReadonlyArray<TempoChange>
}

/** Variable-length quantity: 7 bits per byte, most significant first, high bit set on all but the last. */
const vlq = (value: number): number[] => {
  const bytes = [value & 0x7f]
  for (let v = value >>> 7; v > 0; v >>>= 7) bytes.unshift((v & 0x7f) | 0x80)
  return bytes
}

const chunk = (type: string, body: ReadonlyArray<number>): number[] => {
  const n = body.length
  return [
    ...Buffer.from(type, "ascii"),
    (n >>> 24) & 255,
    (n >>> 16) & 255,
    (n >>> 8) & 255,
    n & 255,
    ...body,
  ]
}

/** Events at absolute ticks → a track chunk with delta times and an end-of-track event. */
const track = (
  events: ReadonlyArray<{ tick: number; order: number; bytes: ReadonlyArray<number> }>,
): number[] => {
  // Note-offs (order 0) before note-ons (order 1) at the same tick, so a repeated pitch re-strikes.
  const sorted = [...events].sort((a, b) => a.tick - b.tick || a.order - b.order)
  const body: number[] = []
  let now = 0
  for (const e of sorted) {
    body.push(...vlq(e.tick - now), ...e.bytes)
    now = e.tick
  }
  body.push(0, 0xff, 0x2f, 0)
  return chunk("MTrk", body)
}

/** Encodes `song` as the bytes of a format-1 Standard MIDI File. */
export const writeMidi = (song: MidiSong): Uint8Array => {
  const tempo = (tick: number, bpm: number) => {
    const microsPerQuarter = Math.round(60_000_000 / bpm)
    return {
      tick,
      order: 0,
      bytes: [
        0xff,
        0x51,
        3,
        (microsPerQuarter >>> 16) & 255,
        (microsPerQuarter >>> 8) & 255,
        microsPerQuarter & 255,
      ],
    }
  }
  const conductor = track([
    tempo(0, song.bpm),
    { tick: 0, order: 0, bytes: [0xff, 0x58, 4, song.beatsPerBar, 2, 24, 8] },
    ...(song.tempoChanges ?? []).map((change) => tempo(change.tick, change.bpm)),
  ])
  const bend = Math.max(0, Math.min(16383, Math.round(8192 + (song.tuningCents / 200) * 8192)))
  const tracks = song.channels.map((setup) => {
    const c = setup.channel
    const events = [
      { tick: 0, order: 0, bytes: [0xc0 | c, setup.program] },
      { tick: 0, order: 0, bytes: [0xb0 | c, 7, setup.volume] },
    ]
    const controllers: Array<[number, number | undefined]> = [
      [91, setup.reverb],
      [93, setup.chorus],
      [1, setup.modulation],
    ]
    for (const [controller, value] of controllers)
      if (value !== undefined) events.push({ tick: 0, order: 0, bytes: [0xb0 | c, controller, value] })
    // Percussion has no pitch to detune.
    if (c !== 9) events.push({ tick: 0, order: 0, bytes: [0xe0 | c, bend & 0x7f, bend >>> 7] })
    for (const n of song.notes) {
      if (n.channel !== c) continue
      events.push({ tick: n.start, order: 1, bytes: [0x90 | c, n.pitch, n.velocity] })
      events.push({ tick: n.start + n.length, order: 0, bytes: [0x80 | c, n.pitch, 0] })
    }
    return track(events)
  })
  const header = chunk("MThd", [0, 1, 0, tracks.length + 1, ticksPerQuarter >>> 8, ticksPerQuarter & 255])
  return Uint8Array.from([...header, ...conductor, ...tracks.flat()])
}

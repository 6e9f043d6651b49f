/**
 * Key labels: the 24 major and minor keys as pitch class + mode, and their names in the features
 * file's spelling (`"A minor"`, `"F# major"`, sharps only).
 *
 * @module
 */

/** Pitch-class names, sharps only, index 0 = C (librosa's chroma order). */
export const pitchClassNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"] as const

export type Mode = "major" | "minor"

/** A key: tonic pitch class 0-11 (0 = C) and mode. */
export interface Key {
  readonly tonic: number
  readonly mode: Mode
}

/** `"A minor"`, `"F# major"`: the features file's key label. */
export const keyName = (key: Key): string => `${pitchClassNames[((key.tonic % 12) + 12) % 12]} ${key.mode}`

const letters: Record<string, number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 }

/**
 * Parses a key label: a letter, any number of `#`/`♯`/`b`/`♭` accidentals, then `major`/`minor`
 * (or `maj`/`min`, any case), e.g. `"Bb minor"`, `"c# Major"`, `"F:min"`. Returns undefined for
 * anything else (including an empty label).
 */
export const parseKey = (label: string): Key | undefined => {
  const m = /^\s*([A-Ga-g])([#♯b♭]*)\s*[:\s]\s*(major|minor|maj|min)\s*$/i.exec(label)
  if (!m) return undefined
  let tonic = letters[m[1]!.toUpperCase()]!
  for (const a of m[2]!) tonic += a === "#" || a === "♯" ? 1 : -1
  return { tonic: ((tonic % 12) + 12) % 12, mode: m[3]!.toLowerCase().startsWith("maj") ? "major" : "minor" }
}

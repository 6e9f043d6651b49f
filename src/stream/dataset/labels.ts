/**
 * Labels for a dataset build: from a CSV (columns `file`, `genre`, `mood`, `bpm`, `key`; other
 * columns ignored) or, without one, from the folder a file sits in (its genre).
 *
 * A CSV's `file` is resolved against the CSV's own folder first (`audio/a.mp3` beside `labels.csv`),
 * then against the input folder, then matched by file name when that name is unique.
 *
 * @module
 */
import { basename, dirname, resolve } from "node:path"
import { keyName, parseKey } from "../../dsp/key-label.ts"
import { LabelsInvalid } from "../../schema/errors/dataset-build.ts"
import { csvRecords } from "./csv.ts"

export interface FileLabels {
  readonly genre?: string
  readonly mood?: string
  readonly bpm?: number
  readonly key?: string
}

/** Finds the labels of an audio file given its absolute path and its path relative to the input. */
export type LabelLookup = (absolutePath: string, relativePath: string) => FileLabels

/** Genre = the name of the folder the file sits in; files at the top of the input get none. */
export const folderGenre: LabelLookup = (_absolute, relative) => {
  // `relative` is `/`-separated; a `\` is part of a name (`C:\x.wav` is one file on Linux).
  const parts = relative.split("/")
  return parts.length > 1 ? { genre: parts[parts.length - 2]! } : {}
}

const parseRow = (row: Record<string, string>, line: number, csvPath: string): FileLabels | LabelsInvalid => {
  const labels: { genre?: string; mood?: string; bpm?: number; key?: string } = {}
  if (row.genre) labels.genre = row.genre
  if (row.mood) labels.mood = row.mood
  if (row.bpm) {
    const bpm = Number(row.bpm)
    if (!(Number.isFinite(bpm) && bpm > 0)) {
      return new LabelsInvalid({
        path: csvPath,
        message: `line ${line}: bpm "${row.bpm}" is not a positive number`,
      })
    }
    labels.bpm = bpm
  }
  if (row.key) {
    const key = parseKey(row.key)
    if (key === undefined) {
      return new LabelsInvalid({
        path: csvPath,
        message: `line ${line}: key "${row.key}" is not a key such as "A minor" or "F# major"`,
      })
    }
    labels.key = keyName(key)
  }
  return labels
}

/**
 * Builds a lookup from the text of a labels CSV at `csvPath`, for files under `inputRoot`.
 * Fails with `LabelsInvalid` on a missing `file` column or an invalid `bpm`/`key` value.
 */
export const csvLabels = (text: string, csvPath: string, inputRoot: string): LabelLookup | LabelsInvalid => {
  const { header, records } = csvRecords(text)
  if (!header.includes("file")) {
    return new LabelsInvalid({
      path: csvPath,
      message: `the labels CSV has no "file" column (its columns: ${header.join(", ") || "none"})`,
    })
  }
  const csvDir = dirname(resolve(csvPath))
  const byPath = new Map<string, FileLabels>()
  const byName = new Map<string, FileLabels | null>() // null: the name is not unique
  for (const [i, row] of records.entries()) {
    const labels = parseRow(row, i + 2, csvPath)
    if (labels instanceof LabelsInvalid) return labels
    if (!row.file) continue
    byPath.set(resolve(csvDir, row.file), labels)
    byPath.set(resolve(inputRoot, row.file), byPath.get(resolve(inputRoot, row.file)) ?? labels)
    const name = basename(row.file)
    byName.set(name, byName.has(name) ? null : labels)
  }
  return (absolute) => byPath.get(absolute) ?? byName.get(basename(absolute)) ?? {}
}

/**
 * The labelled data sets the estimator evaluation runs on: the rendered General MIDI corpus (see
 * render-corpus.ts) and the real recordings of `../shared/data/tempo-key-dev/` when that folder exists.
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { type Key, parseKey } from "../../src/dsp/key-label.ts"

/** One labelled recording; `bpm` and `key` are absent when the data set does not label them. */
export interface LabelledFile {
  readonly path: string
  readonly name: string
  readonly bpm?: number
  readonly key?: Key
}

export interface Dataset {
  readonly name: string
  readonly files: ReadonlyArray<LabelledFile>
}

/** Splits one CSV line, honouring double quotes (`""` inside quotes is a quote). */
const csvFields = (line: string): string[] => {
  const fields: string[] = []
  let field = ""
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ",") {
      fields.push(field)
      field = ""
    } else field += c
  }
  fields.push(field)
  return fields
}

/** Reads a labels CSV with at least a `file` column and optional `bpm` and `key` columns. */
export const readLabels = (csvPath: string, name: string): Dataset => {
  const [header, ...lines] = readFileSync(csvPath, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
  const columns = csvFields(header!)
  const col = (row: string[], c: string) => {
    const i = columns.indexOf(c)
    return i < 0 ? "" : (row[i] ?? "").trim()
  }
  const base = dirname(csvPath)
  const files = lines.map((line) => {
    const row = csvFields(line)
    const file = col(row, "file")
    const bpm = Number.parseFloat(col(row, "bpm"))
    const key = parseKey(col(row, "key"))
    return {
      path: join(base, file),
      name: file.replace(/^.*\//, ""),
      ...(Number.isFinite(bpm) ? { bpm } : {}),
      ...(key ? { key } : {}),
    }
  })
  return { name, files }
}

/** Where the shared real recordings live, relative to the repository root. */
export const sharedTempoKeyDir = resolve("../shared/data/tempo-key-dev")
/** Fallback for worktrees that sit one level deeper than the main checkout. */
const sharedFallback = "/work/shared/data/tempo-key-dev"

/** The real-recording data set, or undefined (with the reason) when `../shared` is absent. */
export const tempoKeyDev = (): { dataset?: Dataset; missing?: string } => {
  for (const dir of [sharedTempoKeyDir, sharedFallback]) {
    const csv = join(dir, "labels.csv")
    if (existsSync(csv)) return { dataset: readLabels(csv, `tempo-key-dev (real, ${dir})`) }
  }
  return {
    missing: `${sharedTempoKeyDir}/labels.csv not found: ../shared is absent, real recordings skipped`,
  }
}

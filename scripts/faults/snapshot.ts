/**
 * Compares dataset folders byte for byte, apart from the timestamps a build writes
 * (`processed_at` in features files, `processing_date` in the manifest).
 *
 * @module
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { TEMP_SUFFIX } from "../../src/stream/files/atomic.ts"

const TIMESTAMPS = /"(processed_at|processing_date)": ?"[^"]*"/g

/** Every file under `dir` (relative path → contents, timestamps blanked), the resume state included. */
export const snapshot = (dir: string): Map<string, string> => {
  const files = new Map<string, string>()
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const path = join(dir, name)
    if (!statSync(path).isFile()) continue
    files.set(name, readFileSync(path).toString("latin1").replace(TIMESTAMPS, '"$1": "T"'))
  }
  return files
}

/** The differences between two snapshots, one line each (empty when equal). */
export const differences = (expected: Map<string, string>, actual: Map<string, string>): string[] => {
  const out: string[] = []
  for (const [name, bytes] of expected) {
    const other = actual.get(name)
    if (other === undefined) out.push(`missing: ${name}`)
    else if (other !== bytes) out.push(`differs: ${name} (${bytes.length} vs ${other.length} bytes)`)
  }
  for (const name of actual.keys()) if (!expected.has(name)) out.push(`extra: ${name}`)
  return out
}

/** Temporary files of atomic writes left under `dir`. */
export const tempFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(TEMP_SUFFIX))

/**
 * Output names for dataset files: `features/{name}_features.json`, `spectrograms/{name}_spectrogram.npy`.
 *
 * `{name}` comes from the file's path relative to the input folder, folders joined by `__`
 * (`rock/song1.wav` → `rock__song1`, a top-level `song1.wav` → `song1` as in the spec), reduced to
 * characters safe on every file system: letters and digits of any script, `-`, `_`, `.` and
 * `+`; everything else (spaces, separators, control characters, quotes) becomes `_`, and leading
 * dots are dropped, so a name can never climb out of its folder (`..`) or hide. Names are cut to 120
 * bytes of UTF-8. Names that still
 * collide (`a b.wav` and `a_b.wav`, or `song.wav` beside `song.mp3`) all get a short hash of their
 * relative path, so the result does not depend on the order files are found in.
 *
 * @module
 */
import { createHash } from "node:crypto"

/**
 * Longest name in UTF-8 bytes. File systems limit a name to 255 bytes (not characters), and the longest
 * file written around a name adds 50: a collision hash (`-1a2b3c4d`), `_spectrogram.npy` and the
 * temporary suffix of atomic writes. Bounding characters instead let 80 CJK characters (240 bytes)
 * fail the whole build with ENAMETOOLONG.
 */
const MAX_BYTES = 120

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, cut between code points. */
const truncateUtf8 = (text: string, maxBytes: number): string => {
  let bytes = 0
  let end = 0
  for (const char of text) {
    const size = Buffer.byteLength(char)
    if (bytes + size > maxBytes) break
    bytes += size
    end += char.length
  }
  return text.slice(0, end)
}

/** The safe base name of one relative path (before collision handling). */
export const safeName = (relativePath: string): string => {
  const parts = relativePath
    .normalize("NFC")
    .split(/[\\/]+/)
    .filter((p) => p.length > 0)
  const last = (parts.pop() ?? "").replace(/^\.+/, "")
  const stem = last.includes(".") ? last.slice(0, last.lastIndexOf(".")) : last
  const joined = [...parts, stem].join("__")
  const cleaned = joined
    .replace(/[^\p{L}\p{N}\-_.+]/gu, "_")
    .replace(/^[.\s]+/, "")
    .replace(/\.{2,}/g, "_")
  const bounded = truncateUtf8(cleaned, MAX_BYTES)
  return bounded.length > 0 ? bounded : "audio"
}

const shortHash = (text: string): string => createHash("sha1").update(text).digest("hex").slice(0, 8)

/**
 * Unique safe names for a set of relative paths, in input order. Deterministic: the same set of
 * paths gives the same names whatever order they are listed in.
 */
export const uniqueNames = (relativePaths: ReadonlyArray<string>): string[] => {
  const bases = relativePaths.map(safeName)
  const counts = new Map<string, number>()
  for (const b of bases) counts.set(b.toLowerCase(), (counts.get(b.toLowerCase()) ?? 0) + 1)
  // Compare case-insensitively: macOS and Windows folders treat `Song` and `song` as one file.
  return bases.map((b, i) =>
    (counts.get(b.toLowerCase()) ?? 0) > 1 ? `${b}-${shortHash(relativePaths[i]!)}` : b,
  )
}

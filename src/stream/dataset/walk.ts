/**
 * Finding the audio files of a dataset folder, recursively and in a stable order.
 *
 * A file is taken when its extension is an audio one (or it has none); its format is then recognised
 * from its bytes, so a mislabelled file still decodes and a non-audio file named `.mp3` is reported,
 * not skipped. Other files (covers, notes, label CSVs) are counted and left alone, as are hidden
 * entries and the output folder when it lies inside the input.
 *
 * @module
 */
import { readdir, stat } from "node:fs/promises"
import { extname, join, relative, resolve, sep } from "node:path"
import { Effect } from "effect"
import { DatasetInputError } from "../../schema/errors/dataset-build.ts"

export const audioExtensions = new Set([
  ".wav",
  ".wave",
  ".w64",
  ".rf64",
  ".bwf",
  ".mp3",
  ".mp2",
  ".flac",
  ".ogg",
  ".oga",
  ".opus",
  ".m4a",
  ".mp4",
  ".m4b",
  ".aac",
])

export interface FoundFile {
  readonly absolutePath: string
  /** Path relative to the input folder, `/`-separated. */
  readonly relativePath: string
  readonly size: number
  readonly mtimeMs: number
}

export interface FolderContents {
  readonly files: ReadonlyArray<FoundFile>
  /** Files left alone because their extension is not an audio one. */
  readonly ignored: number
}

/**
 * Lists the audio files under `root`, sorted by relative path, leaving out `exclude` (the output
 * folder) and hidden entries.
 */
export const findAudioFiles = (root: string, exclude?: string) =>
  Effect.tryPromise({
    try: async (): Promise<FolderContents> => {
      const top = resolve(root)
      const rootStat = await stat(top)
      if (!rootStat.isDirectory()) throw new Error(`${root} is not a folder`)
      const skip = exclude === undefined ? undefined : resolve(exclude)
      const files: FoundFile[] = []
      let ignored = 0
      const visit = async (dir: string): Promise<void> => {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          if (entry.name.startsWith(".")) continue
          const path = join(dir, entry.name)
          if (path === skip) continue
          // Folder links are not followed (they can loop); file links are.
          const info = entry.isSymbolicLink() ? await stat(path).catch(() => undefined) : entry
          if (info === undefined) continue
          if (info.isDirectory()) {
            if (!entry.isSymbolicLink()) await visit(path)
          } else if (info.isFile()) {
            const ext = extname(entry.name).toLowerCase()
            if (ext !== "" && !audioExtensions.has(ext)) {
              ignored++
              continue
            }
            const s = await stat(path)
            files.push({
              absolutePath: path,
              relativePath: relative(top, path).split(sep).join("/"),
              size: s.size,
              mtimeMs: s.mtimeMs,
            })
          }
        }
      }
      await visit(top)
      files.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0))
      return { files, ignored }
    },
    catch: (e) =>
      new DatasetInputError({
        path: root,
        message:
          e instanceof Error && "code" in e && e.code === "ENOENT"
            ? `the input folder ${root} does not exist`
            : `cannot read the input folder ${root}: ${e instanceof Error ? e.message : String(e)}`,
      }),
  })

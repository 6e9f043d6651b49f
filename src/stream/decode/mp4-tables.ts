/**
 * Checks the sample tables of an MP4 index (`moov`) and of each movie fragment (`moof`) before they
 * are handed to the demuxer (@audio/decode-mp4). The demuxer trusts each table's entry count: a count
 * of 0xD5135244 in a 12-byte `stco` box, or of 2^31 in a fragment's `trun`, makes it loop billions of
 * times reading past the box (hangs found by fuzzing), and a huge constant-size `stsz` allocates an
 * array of that length. Here every count must fit in its box, and the work the demuxer does per chunk
 * (a search of `stsc` for each `stco` entry) must stay bounded.
 *
 * Reference: ISO/IEC 14496-12 §8.6.1.2 (stts), §8.7.3 (stsz), §8.7.4 (stsc), §8.7.5 (stco, co64),
 * §8.6.6 (elst), §8.8.8 (trun).
 *
 * @module
 */
import { type Box, children } from "./mp4-boxes.ts"

/** Most samples a constant-size `stsz` or a `trun` may declare: 2^24 AAC frames are 100 hours at 48 kHz. */
const MAX_SAMPLES = 1 << 24
/** Most `stsc` × `stco` entries: the demuxer searches `stsc` from its end for every chunk. */
const MAX_CHUNK_WORK = 1 << 27

/** Entry sizes of the tables whose count is at body offset 4, entries from offset 8. */
const ENTRY_BYTES: Record<string, number> = { stts: 8, stsc: 12, stco: 4, co64: 8 }

const CONTAINERS = new Set(["moov", "trak", "mdia", "minf", "stbl", "edts"])

/** Every box below `box` in the containers that hold tables. */
const tablesIn = (view: DataView, box: Box, out: Box[]): Box[] => {
  for (const b of children(view, box.body, box.end)) {
    if (CONTAINERS.has(b.type)) tablesIn(view, b, out)
    else out.push(b)
  }
  return out
}

/** What is wrong with one table, or undefined. */
const tableProblem = (view: DataView, box: Box): string | undefined => {
  const length = box.end - box.body
  const fits = (count: number, first: number, size: number) =>
    length >= first && count <= (length - first) / size
      ? undefined
      : `its '${box.type}' table declares ${count} entries in a ${length}-byte box`
  if (box.type === "stsz") {
    if (length < 12) return "its 'stsz' table is shorter than its header"
    const sampleSize = view.getUint32(box.body + 4)
    const count = view.getUint32(box.body + 8)
    if (sampleSize !== 0) {
      return count <= MAX_SAMPLES ? undefined : `its 'stsz' table declares ${count} samples`
    }
    return fits(count, 12, 4)
  }
  if (box.type === "elst") {
    if (length < 8) return "its 'elst' table is shorter than its header"
    return fits(view.getUint32(box.body + 4), 8, view.getUint8(box.body) === 1 ? 20 : 12)
  }
  const size = ENTRY_BYTES[box.type]
  if (size === undefined) return undefined
  if (length < 8) return `its '${box.type}' table is shorter than its header`
  return fits(view.getUint32(box.body + 4), 8, size)
}

/**
 * The first problem in the sample tables of `moov` (the bytes of the whole box), or undefined when
 * every table is consistent with its box.
 */
export const sampleTableProblem = (moov: Uint8Array): string | undefined => {
  const view = new DataView(moov.buffer, moov.byteOffset, moov.byteLength)
  const [root] = children(view, 0, moov.length)
  if (root === undefined) return undefined
  for (const trak of children(view, root.body, root.end).filter((b) => b.type === "trak")) {
    const tables = tablesIn(view, trak, [])
    for (const table of tables) {
      const problem = tableProblem(view, table)
      if (problem !== undefined) return problem
    }
    const count = (type: string) => {
      const box = tables.find((b) => b.type === type)
      return box === undefined ? 0 : view.getUint32(box.body + 4)
    }
    const chunks = Math.max(count("stco"), count("co64"))
    if (count("stsc") * chunks > MAX_CHUNK_WORK) {
      return `its 'stsc' table has ${count("stsc")} entries for ${chunks} chunks, more than mirflow decodes`
    }
  }
  return undefined
}

/** Bytes per `trun` sample: 4 for each of duration, size, flags and composition offset present. */
const trunSampleBytes = (flags: number): number =>
  4 * ((flags & 0x100 ? 1 : 0) + (flags & 0x200 ? 1 : 0) + (flags & 0x400 ? 1 : 0) + (flags & 0x800 ? 1 : 0))

/**
 * The first problem in the track runs (`trun`) of a movie fragment (`moof`, the bytes of the whole
 * box), or undefined when each run's sample count fits in its box.
 */
export const fragmentProblem = (moof: Uint8Array): string | undefined => {
  const view = new DataView(moof.buffer, moof.byteOffset, moof.byteLength)
  const [root] = children(view, 0, moof.length)
  if (root === undefined) return undefined
  for (const traf of children(view, root.body, root.end).filter((b) => b.type === "traf")) {
    for (const trun of children(view, traf.body, traf.end).filter((b) => b.type === "trun")) {
      const length = trun.end - trun.body
      if (length < 8) return "a fragment's 'trun' table is shorter than its header"
      const flags = view.getUint32(trun.body) & 0xffffff
      const count = view.getUint32(trun.body + 4)
      const header = 8 + (flags & 0x1 ? 4 : 0) + (flags & 0x4 ? 4 : 0)
      const perSample = trunSampleBytes(flags)
      const fits =
        perSample === 0 ? count <= MAX_SAMPLES : length >= header && count <= (length - header) / perSample
      if (!fits) return `a fragment's 'trun' table declares ${count} samples in a ${length}-byte box`
    }
  }
  return undefined
}

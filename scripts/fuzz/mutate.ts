/**
 * Makes fuzz inputs from the seed files: bit flips, byte overwrites, insertions and deletions, header
 * fields set to extreme values, truncation, splices of two files of different formats, and random
 * bytes (bare, or behind a real format's magic number so that they reach that format's decoder). Each
 * input is a pure function of (seed, index), and half of them are fed in random chunk sizes, one pull
 * each, since the decoders' incremental parsers break differently depending on where chunks are cut.
 *
 * @module
 */
import type { Seed } from "./corpus.ts"
import type { Field } from "./fields.ts"
import { repairOggChecksums } from "./ogg-crc.ts"
import { Rng } from "./rng.ts"

/** One fuzz input and how it was made. */
export interface FuzzInput {
  readonly index: number
  readonly bytes: Uint8Array
  /** Sizes the bytes are fed in (cycled), or undefined for one buffer. */
  readonly chunkSizes: ReadonlyArray<number> | undefined
  /** How it was made, e.g. `flac-44k-stereo.flac: field streaminfo.maxBlock=0xffff, truncate@2013`. */
  readonly recipe: string
}

/** Values worth trying in a field of each width: zero, one, sign boundaries, all ones, and typical odd values. */
const EXTREMES: Record<Field["width"], ReadonlyArray<number | bigint>> = {
  1: [0, 1, 2, 7, 8, 0x7f, 0x80, 0xfe, 0xff],
  2: [0, 1, 7, 65, 255, 0x7fff, 0x8000, 0xfffe, 0xffff],
  3: [0, 1, 0x7fffff, 0x800000, 0xffffff],
  4: [0, 1, 7, 65, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 10_000_000, 36_000],
  8: [0n, 1n, 2n ** 31n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n],
}

const writeField = (bytes: Uint8Array, field: Field, value: number | bigint): void => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const little = field.endian === "le"
  switch (field.width) {
    case 1:
      view.setUint8(field.at, Number(value) & 0xff)
      break
    case 2:
      view.setUint16(field.at, Number(value) & 0xffff, little)
      break
    case 3: {
      const v = Number(value) & 0xffffff
      bytes[field.at] = v >> 16
      bytes[field.at + 1] = (v >> 8) & 0xff
      bytes[field.at + 2] = v & 0xff
      break
    }
    case 4:
      view.setUint32(field.at, Number(BigInt.asUintN(32, BigInt(value))), little)
      break
    case 8:
      view.setBigUint64(field.at, BigInt.asUintN(64, BigInt(value)), little)
      break
  }
}

const hex = (v: number | bigint) => `0x${v.toString(16)}`

/** Offsets biased toward the start, where headers are: half of them within the first 512 bytes. */
const offset = (rng: Rng, length: number): number =>
  rng.chance(0.5) ? rng.below(Math.min(length, 512)) : rng.below(length)

type Mutation = (rng: Rng, bytes: Uint8Array, seed: Seed, seeds: ReadonlyArray<Seed>) => [Uint8Array, string]

const flipBits: Mutation = (rng, bytes) => {
  const out = bytes.slice()
  const n = rng.logInt(32)
  for (let i = 0; i < n; i++) out[offset(rng, out.length)]! ^= 1 << rng.below(8)
  return [out, `flip ${n} bits`]
}

const replaceBytes: Mutation = (rng, bytes) => {
  const out = bytes.slice()
  const n = rng.logInt(16)
  for (let i = 0; i < n; i++) out[offset(rng, out.length)] = rng.pick([0, 0xff, 0x7f, 0x80, rng.below(256)])
  return [out, `replace ${n} bytes`]
}

const insertBytes: Mutation = (rng, bytes) => {
  const at = offset(rng, bytes.length + 1)
  const n = rng.logInt(4096)
  const filler = rng.chance(0.5) ? rng.bytes(n) : new Uint8Array(n).fill(rng.pick([0, 0xff]))
  const out = new Uint8Array(bytes.length + n)
  out.set(bytes.subarray(0, at))
  out.set(filler, at)
  out.set(bytes.subarray(at), at + n)
  return [out, `insert ${n} bytes@${at}`]
}

const deleteBytes: Mutation = (rng, bytes) => {
  const at = offset(rng, bytes.length)
  const n = Math.min(rng.logInt(4096), bytes.length - at)
  const out = new Uint8Array(bytes.length - n)
  out.set(bytes.subarray(0, at))
  out.set(bytes.subarray(at + n), at)
  return [out, `delete ${n} bytes@${at}`]
}

const overwriteField: Mutation = (rng, bytes, seed) => {
  const fields = seed.fields.filter((f) => f.at + f.width <= bytes.length)
  if (fields.length === 0) return flipBits(rng, bytes, seed, [])
  const out = bytes.slice()
  const n = rng.chance(0.7) ? 1 : rng.int(2, 4)
  const done: string[] = []
  for (let i = 0; i < n; i++) {
    const field = rng.pick(fields)
    const value = rng.chance(0.8)
      ? rng.pick(EXTREMES[field.width])
      : field.width === 8
        ? BigInt(rng.u32()) * BigInt(rng.u32())
        : rng.u32()
    writeField(out, field, value)
    done.push(`${field.name}=${hex(value)}`)
  }
  return [out, `field ${done.join(" ")}`]
}

const truncate: Mutation = (rng, bytes) => {
  const at = rng.chance(0.3) ? rng.below(Math.min(bytes.length, 256)) : rng.below(bytes.length)
  return [bytes.slice(0, at), `truncate@${at}`]
}

const splice: Mutation = (rng, bytes, seed, seeds) => {
  const others = seeds.filter((s) => s.format !== seed.format)
  const other = rng.pick(others)
  const cutA = offset(rng, bytes.length)
  const cutB = rng.below(other.bytes.length)
  const tail = other.bytes.subarray(cutB)
  const out = new Uint8Array(cutA + tail.length)
  out.set(bytes.subarray(0, cutA))
  out.set(tail, cutA)
  return [out, `splice @${cutA} + ${other.name}@${cutB}`]
}

/** Magic numbers that lead random bytes into a decoder. */
const MAGICS: ReadonlyArray<readonly [string, Uint8Array]> = [
  [
    "RIFF",
    new Uint8Array([
      ...new TextEncoder().encode("RIFF"),
      0xff,
      0xff,
      0xff,
      0xff,
      ...new TextEncoder().encode("WAVE"),
    ]),
  ],
  ["fLaC", new TextEncoder().encode("fLaC")],
  ["OggS", new TextEncoder().encode("OggS")],
  ["ftyp", new Uint8Array([0, 0, 0, 0x18, ...new TextEncoder().encode("ftypM4A ")])],
  ["ID3", new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0])],
  ["MPEG", new Uint8Array([0xff, 0xfb, 0x90, 0x64])],
]

const randomBytes = (rng: Rng): [Uint8Array, string] => {
  const n = rng.chance(0.1) ? rng.below(16) : rng.logInt(65536)
  const body = rng.bytes(n)
  if (rng.chance(0.5)) return [body, `random ${n} bytes`]
  const [name, magic] = rng.pick(MAGICS)
  const out = new Uint8Array(magic.length + n)
  out.set(magic)
  out.set(body, magic.length)
  return [out, `${name} + random ${n} bytes`]
}

const MUTATIONS: ReadonlyArray<readonly [Mutation, number]> = [
  [flipBits, 15],
  [replaceBytes, 10],
  [insertBytes, 6],
  [deleteBytes, 6],
  [overwriteField, 30],
  [truncate, 12],
  [splice, 10],
]

/**
 * Random chunk sizes, cycled: one byte, a few bytes around header sizes, or file-read sized. Each
 * chunk is a separate pull, which costs the driver ~25 µs, so the cycle averages at least 256 bytes:
 * one-byte chunks throughout would time a 100 kB file out on that cost alone.
 */
const chunkSizes = (rng: Rng): number[] => {
  const sizes = Array.from({ length: rng.int(1, 6) }, () => rng.pick([1, rng.int(2, 64), rng.logInt(65536)]))
  const total = sizes.reduce((a, b) => a + b, 0)
  if (total < 256 * sizes.length) sizes.push(256 * (sizes.length + 1) - total)
  return sizes
}

/** Builds input `index` of a run seeded with `seed`. */
export const makeInput = (seeds: ReadonlyArray<Seed>, seed: number, index: number): FuzzInput => {
  const rng = new Rng(seed, index)
  const chunks = rng.chance(0.5) ? chunkSizes(rng) : undefined
  if (rng.chance(0.08)) {
    const [bytes, recipe] = randomBytes(rng)
    return { index, bytes, chunkSizes: chunks, recipe }
  }
  const source = rng.pick(seeds)
  let bytes: Uint8Array = source.bytes
  const steps: string[] = []
  const count = rng.chance(0.75) ? 1 : rng.int(2, 4)
  for (let i = 0; i < count && bytes.length > 0; i++) {
    const [out, step] = rng.weighted(MUTATIONS)(rng, bytes, source, seeds)
    bytes = out
    steps.push(step)
  }
  if (source.format.startsWith("ogg") && rng.chance(0.7)) {
    if (bytes === source.bytes) bytes = bytes.slice()
    repairOggChecksums(bytes)
    steps.push("ogg crc repaired")
  }
  return { index, bytes, chunkSizes: chunks, recipe: `${source.name}: ${steps.join(", ")}` }
}

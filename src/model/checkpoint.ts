/**
 * Training checkpoints: everything needed to resume an interrupted training and end exactly where
 * an uninterrupted one would (the step graph's carried values, the best variables so far, the
 * epoch history). Written atomically after every epoch.
 *
 * File layout: `MFCK`, a uint32 (little-endian) header length, a JSON header, then the arrays'
 * raw little-endian bytes, each at the offset the header gives.
 *
 * @module
 */
import { Effect, FileSystem, Option } from "effect"
import { CheckpointInvalid } from "../schema/errors/model.ts"
import type { TrainCheckpoint } from "./onnx/train-state.ts"

const MAGIC = "MFCK"

/** A resumable training: the carried state, and the best variables with the epoch they come from. */
export interface TrainingCheckpoint<Meta> {
  /** Identifies the run (data, options, architecture): a checkpoint of another run is refused. */
  readonly fingerprint: string
  /** Epochs completed. */
  readonly epoch: number
  readonly state: TrainCheckpoint
  readonly best: Readonly<Record<string, Float32Array | Float64Array>>
  /** The caller's JSON-serialisable record (history, early-stopping counters…). */
  readonly meta: Meta
}

interface Header {
  readonly fingerprint: string
  readonly epoch: number
  readonly step: number
  readonly meta: unknown
  readonly arrays: ReadonlyArray<{
    readonly group: "state" | "best"
    readonly name: string
    readonly dtype: "f4" | "f8"
    readonly offset: number
    readonly length: number
  }>
}

/** Encodes a checkpoint as bytes. */
export const encodeCheckpoint = <Meta>(c: TrainingCheckpoint<Meta>): Uint8Array => {
  const arrays: Array<Header["arrays"][number] & { readonly data: Float32Array | Float64Array }> = []
  let offset = 0
  for (const [group, values] of [
    ["state", c.state.values],
    ["best", c.best],
  ] as const) {
    for (const [name, data] of Object.entries(values)) {
      // Float64 arrays start at a multiple of 8, so they can be viewed in place when read.
      offset = Math.ceil(offset / 8) * 8
      arrays.push({
        group,
        name,
        dtype: data instanceof Float64Array ? "f8" : "f4",
        offset,
        length: data.length,
        data,
      })
      offset += data.byteLength
    }
  }
  const header: Header = {
    fingerprint: c.fingerprint,
    epoch: c.epoch,
    step: c.state.step,
    meta: c.meta,
    arrays: arrays.map(({ data: _, ...a }) => a),
  }
  const json = new TextEncoder().encode(JSON.stringify(header))
  const start = Math.ceil((8 + json.length) / 8) * 8
  const out = new Uint8Array(start + offset)
  out.set(new TextEncoder().encode(MAGIC), 0)
  new DataView(out.buffer).setUint32(4, json.length, true)
  out.set(json, 8)
  for (const a of arrays)
    out.set(new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength), start + a.offset)
  return out
}

/** Decodes {@link encodeCheckpoint}'s bytes; throws a `RangeError` on anything else. */
export const decodeCheckpoint = <Meta>(bytes: Uint8Array): TrainingCheckpoint<Meta> => {
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC)
    throw new RangeError("not a mirflow training checkpoint")
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true)
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Header
  const start = Math.ceil((8 + length) / 8) * 8
  const groups = {
    state: {} as Record<string, Float32Array | Float64Array>,
    best: {} as Record<string, Float32Array | Float64Array>,
  }
  for (const a of header.arrays) {
    const size = a.dtype === "f8" ? 8 : 4
    const from = start + a.offset
    if (from + a.length * size > bytes.length) throw new RangeError(`the checkpoint is truncated (${a.name})`)
    // Copy out (`new Uint8Array(view)` copies; a Node Buffer's `slice` would not): the file's buffer
    // may not be aligned for the element type.
    const raw = new Uint8Array(bytes.subarray(from, from + a.length * size))
    groups[a.group][a.name] = a.dtype === "f8" ? new Float64Array(raw.buffer) : new Float32Array(raw.buffer)
  }
  return {
    fingerprint: header.fingerprint,
    epoch: header.epoch,
    state: { step: header.step, values: groups.state },
    best: groups.best,
    meta: header.meta as Meta,
  }
}

/** Writes a checkpoint atomically: a temporary file beside `path`, then a rename over it. */
export const writeCheckpoint = Effect.fnUntraced(function* <Meta>(path: string, c: TrainingCheckpoint<Meta>) {
  const fs = yield* FileSystem.FileSystem
  const temporary = `${path}.tmp-${process.pid}`
  yield* fs.writeFile(temporary, encodeCheckpoint(c)).pipe(
    Effect.flatMap(() => fs.rename(temporary, path)),
    Effect.mapError(
      (e) => new CheckpointInvalid({ path, message: `cannot write the checkpoint: ${e.message}` }),
    ),
  )
})

/**
 * Reads the checkpoint at `path`: none when the file does not exist, an error when it exists but is
 * unreadable or has another `fingerprint` (it belongs to another run: delete it or use another folder).
 */
export const readCheckpoint = Effect.fnUntraced(function* <Meta>(path: string, fingerprint: string) {
  const fs = yield* FileSystem.FileSystem
  const exists = yield* fs.exists(path).pipe(Effect.orElseSucceed(() => false))
  if (!exists) return Option.none<TrainingCheckpoint<Meta>>()
  const bytes = yield* fs
    .readFile(path)
    .pipe(
      Effect.mapError(
        (e) => new CheckpointInvalid({ path, message: `cannot read the checkpoint: ${e.message}` }),
      ),
    )
  const checkpoint = yield* Effect.try({
    try: () => decodeCheckpoint<Meta>(bytes),
    catch: (e) =>
      new CheckpointInvalid({
        path,
        message: `unreadable checkpoint: ${String(e)}; delete it to start over`,
      }),
  })
  if (checkpoint.fingerprint !== fingerprint)
    return yield* new CheckpointInvalid({
      path,
      message: `${path} belongs to another training run (other data, options or architecture): delete it, or train into another folder`,
    })
  return Option.some(checkpoint)
})

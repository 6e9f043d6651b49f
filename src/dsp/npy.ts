/**
 * NumPy `.npy` files, format version 1.0, as written by `numpy.save`.
 *
 * Only what mirflow exchanges is supported: little-endian `float32` (`<f4`), `float64` (`<f8`) and
 * `int32` (`<i4`) arrays. Arrays are written in C order; Fortran-ordered files are read and returned in
 * C order. A written file is byte-identical to `numpy.save(path, array)`
 * for the same data (header padded with spaces to a multiple of 64 bytes and ended by `\n`, as
 * numpy ≥ 1.21 does).
 *
 * Reference: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 *
 * @module
 */

/** The element types mirflow reads and writes. */
export type NpyDtype = "<f4" | "<f8" | "<i4"

/** An array read from, or to be written to, a `.npy` file. */
export interface NpyArray<D extends NpyDtype = NpyDtype> {
  readonly dtype: D
  readonly shape: ReadonlyArray<number>
  readonly data: D extends "<f4" ? Float32Array : D extends "<f8" ? Float64Array : Int32Array
}

/** Thrown (by this pure module only) when bytes are not a `.npy` file this module can read. */
export class NpyFormatError extends Error {
  override readonly name = "NpyFormatError"
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] // "\x93NUMPY"
const PREAMBLE = 10 // magic (6) + version (2) + header length (2)
const ALIGN = 64

const bytesPerElement: Record<NpyDtype, number> = { "<f4": 4, "<f8": 8, "<i4": 4 }

const formatShape = (shape: ReadonlyArray<number>): string =>
  shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`

/**
 * Encodes an array as the bytes of a `.npy` file.
 *
 * @example
 * ```ts
 * const bytes = encodeNpy({ dtype: "<f4", shape: [128, 431], data: mel })
 * ```
 */
export const encodeNpy = (array: NpyArray): Uint8Array => {
  const count = array.shape.reduce((a, b) => a * b, 1)
  if (count !== array.data.length) {
    throw new NpyFormatError(
      `shape ${formatShape(array.shape)} holds ${count} values, data has ${array.data.length}`,
    )
  }
  const dict = `{'descr': '${array.dtype}', 'fortran_order': False, 'shape': ${formatShape(array.shape)}, }`
  // Pad with spaces so that preamble + header (ending in "\n") is a multiple of 64 bytes.
  const headerLength = Math.ceil((PREAMBLE + dict.length + 1) / ALIGN) * ALIGN - PREAMBLE
  const header = `${dict.padEnd(headerLength - 1, " ")}\n`
  const dataBytes = count * bytesPerElement[array.dtype]
  const out = new Uint8Array(PREAMBLE + headerLength + dataBytes)
  out.set(MAGIC, 0)
  out[6] = 1
  out[7] = 0
  out[8] = headerLength & 0xff
  out[9] = headerLength >> 8
  for (let i = 0; i < header.length; i++) out[PREAMBLE + i] = header.charCodeAt(i)
  const body = new Uint8Array(array.data.buffer, array.data.byteOffset, dataBytes)
  if (isLittleEndian) out.set(body, PREAMBLE + headerLength)
  else writeSwapped(out, PREAMBLE + headerLength, array)
  return out
}

/**
 * Decodes the bytes of a `.npy` file (versions 1.0 to 3.0 are accepted for reading).
 * The returned typed array is a copy, aligned for its element type.
 */
export const decodeNpy = (bytes: Uint8Array): NpyArray => {
  if (bytes.length < PREAMBLE || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new NpyFormatError("not a .npy file (missing the \\x93NUMPY magic string)")
  }
  const major = bytes[6]!
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const lengthBytes = major === 1 ? 2 : 4
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true)
  const headerStart = 8 + lengthBytes
  const dataStart = headerStart + headerLength
  if (dataStart > bytes.length) throw new NpyFormatError("truncated .npy header")
  const header = new TextDecoder("latin1").decode(bytes.subarray(headerStart, dataStart))
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1]
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1]
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1]
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new NpyFormatError(`unreadable .npy header: ${header.trim()}`)
  }
  if (descr !== "<f4" && descr !== "<f8" && descr !== "<i4") {
    throw new NpyFormatError(`unsupported dtype ${descr} (mirflow reads <f4, <f8 and <i4)`)
  }
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number)
  const count = shape.reduce((a, b) => a * b, 1)
  const byteLength = count * bytesPerElement[descr]
  if (dataStart + byteLength > bytes.length) {
    throw new NpyFormatError(
      `truncated .npy data: expected ${byteLength} bytes, found ${bytes.length - dataStart}`,
    )
  }
  // A fresh copy (not Buffer#slice, which shares memory) so that the typed array is aligned.
  const body = new Uint8Array(byteLength)
  body.set(bytes.subarray(dataStart, dataStart + byteLength))
  if (!isLittleEndian) swapInPlace(body, bytesPerElement[descr])
  const data =
    descr === "<f4"
      ? new Float32Array(body.buffer)
      : descr === "<f8"
        ? new Float64Array(body.buffer)
        : new Int32Array(body.buffer)
  // Fortran-ordered files (numpy.save of a transposed view) are returned in C order.
  if (fortran === "True" && shape.length > 1)
    return { dtype: descr, shape, data: fortranToC(data, shape) } as NpyArray
  return { dtype: descr, shape, data } as NpyArray
}

/** Reorders column-major data of the given shape into row-major order. */
const fortranToC = <A extends Float32Array | Float64Array | Int32Array>(
  src: A,
  shape: ReadonlyArray<number>,
): A => {
  const out = new (src.constructor as new (n: number) => A)(src.length)
  const rank = shape.length
  const index = new Array<number>(rank).fill(0)
  for (let c = 0; c < src.length; c++) {
    // c walks the C-order positions; compute the matching Fortran offset.
    let f = 0
    let stride = 1
    for (let d = 0; d < rank; d++) {
      f += index[d]! * stride
      stride *= shape[d]!
    }
    out[c] = src[f]!
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d]! < shape[d]!) break
      index[d] = 0
    }
  }
  return out
}

const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

const swapInPlace = (bytes: Uint8Array, width: number): void => {
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse()
}

const writeSwapped = (out: Uint8Array, offset: number, array: NpyArray): void => {
  const width = bytesPerElement[array.dtype]
  const body = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.length * width).slice()
  swapInPlace(body, width)
  out.set(body, offset)
}

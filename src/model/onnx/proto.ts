/**
 * A dependency-free writer for the ONNX protobuf messages a graph needs: ModelProto, GraphProto,
 * NodeProto, TensorProto (as `raw_data`), ValueInfoProto (static `dim_value` and named `dim_param`
 * dimensions) and AttributeProto.
 *
 * Only encoding is needed (ORT parses the bytes), so each message is a function that returns its
 * encoded bytes, and nested messages are length-delimited byte strings. Field numbers follow
 * `onnx/onnx.proto` (proto2: repeated scalars are written unpacked, which every parser accepts).
 *
 * Reference: https://github.com/onnx/onnx/blob/main/onnx/onnx.proto,
 * https://protobuf.dev/programming-guides/encoding/
 *
 * @module
 */

/** ONNX `TensorProto.DataType` codes of the element types mirflow uses. */
export const DataType = { float: 1, int64: 7, bool: 9, double: 11 } as const

/** A tensor with its bytes in little-endian order, as TensorProto's `raw_data` holds them. */
export interface TensorData {
  readonly name: string
  readonly dataType: number
  readonly dims: ReadonlyArray<number>
  readonly raw: Uint8Array
}

/** An attribute value; the ONNX attribute type follows from the JavaScript type. */
export type AttributeValue =
  | { readonly kind: "int"; readonly value: number }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "ints"; readonly value: ReadonlyArray<number> }
  | { readonly kind: "floats"; readonly value: ReadonlyArray<number> }
  | { readonly kind: "tensor"; readonly value: TensorData }

export interface NodeData {
  readonly opType: string
  readonly name: string
  readonly inputs: ReadonlyArray<string>
  readonly outputs: ReadonlyArray<string>
  readonly attributes: Readonly<Record<string, AttributeValue>>
  readonly domain?: string
}

/** A graph input or output: a name, an element type and dims (a string is a named dynamic dim). */
export interface ValueInfoData {
  readonly name: string
  readonly dataType: number
  readonly dims: ReadonlyArray<number | string>
}

export interface GraphData {
  readonly name: string
  readonly nodes: ReadonlyArray<NodeData>
  readonly initializers: ReadonlyArray<TensorData>
  readonly inputs: ReadonlyArray<ValueInfoData>
  readonly outputs: ReadonlyArray<ValueInfoData>
}

export interface ModelData {
  readonly graph: GraphData
  /** Version of the default `ai.onnx` operator set. */
  readonly opset: number
  readonly producerName?: string
  readonly producerVersion?: string
  readonly docString?: string
}

// ---- wire format -------------------------------------------------------------------------------

const VARINT = 0
const FIXED32 = 5
const BYTES = 2

/** Accumulates encoded fields; `finish` joins them. */
class Writer {
  private readonly parts: Uint8Array[] = []
  private scratch: number[] = []

  private flushScratch(): void {
    if (this.scratch.length > 0) {
      this.parts.push(Uint8Array.from(this.scratch))
      this.scratch = []
    }
  }

  private varint(value: number | bigint): void {
    // Negative int64 values are ten-byte two's complement varints.
    let v = BigInt.asUintN(64, BigInt(value))
    while (v >= 0x80n) {
      this.scratch.push(Number(v & 0x7fn) | 0x80)
      v >>= 7n
    }
    this.scratch.push(Number(v))
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire)
  }

  int(field: number, value: number): this {
    this.tag(field, VARINT)
    this.varint(value)
    return this
  }

  float(field: number, value: number): this {
    this.tag(field, FIXED32)
    const bytes = new Uint8Array(4)
    new DataView(bytes.buffer).setFloat32(0, value, true)
    this.scratch.push(...bytes)
    return this
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, BYTES)
    this.varint(value.length)
    this.flushScratch()
    this.parts.push(value)
    return this
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value))
  }

  finish(): Uint8Array {
    this.flushScratch()
    const total = this.parts.reduce((n, p) => n + p.length, 0)
    const out = new Uint8Array(total)
    let at = 0
    for (const p of this.parts) {
      out.set(p, at)
      at += p.length
    }
    return out
  }
}

// ---- ONNX messages -----------------------------------------------------------------------------

/** TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9. */
export const encodeTensor = (t: TensorData): Uint8Array => {
  const w = new Writer()
  for (const d of t.dims) w.int(1, d)
  return w.int(2, t.dataType).string(8, t.name).bytes(9, t.raw).finish()
}

// AttributeProto.AttributeType
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7 } as const

/** AttributeProto: name = 1, f = 2, i = 3, s = 4, t = 5, floats = 7, ints = 8, type = 20. */
const encodeAttribute = (name: string, a: AttributeValue): Uint8Array => {
  const w = new Writer().string(1, name)
  switch (a.kind) {
    case "float":
      w.float(2, a.value)
      break
    case "int":
      w.int(3, a.value)
      break
    case "string":
      w.string(4, a.value)
      break
    case "tensor":
      w.bytes(5, encodeTensor(a.value))
      break
    case "floats":
      for (const v of a.value) w.float(7, v)
      break
    case "ints":
      for (const v of a.value) w.int(8, v)
      break
  }
  return w.int(20, ATTRIBUTE_TYPE[a.kind]).finish()
}

/** NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5, domain = 7. */
const encodeNode = (n: NodeData): Uint8Array => {
  const w = new Writer()
  for (const i of n.inputs) w.string(1, i)
  for (const o of n.outputs) w.string(2, o)
  w.string(3, n.name).string(4, n.opType)
  for (const [name, a] of Object.entries(n.attributes)) w.bytes(5, encodeAttribute(name, a))
  if (n.domain !== undefined && n.domain !== "") w.string(7, n.domain)
  return w.finish()
}

/**
 * ValueInfoProto { name = 1, type = 2 }, TypeProto { tensor_type = 1 },
 * TypeProto.Tensor { elem_type = 1, shape = 2 }, TensorShapeProto { dim = 1 },
 * Dimension { dim_value = 1, dim_param = 2 }.
 */
const encodeValueInfo = (v: ValueInfoData): Uint8Array => {
  const shape = new Writer()
  for (const d of v.dims) {
    const dim = typeof d === "number" ? new Writer().int(1, d) : new Writer().string(2, d)
    shape.bytes(1, dim.finish())
  }
  const tensorType = new Writer().int(1, v.dataType).bytes(2, shape.finish()).finish()
  const type = new Writer().bytes(1, tensorType).finish()
  return new Writer().string(1, v.name).bytes(2, type).finish()
}

/** GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12. */
const encodeGraph = (g: GraphData): Uint8Array => {
  const w = new Writer()
  for (const n of g.nodes) w.bytes(1, encodeNode(n))
  w.string(2, g.name)
  for (const t of g.initializers) w.bytes(5, encodeTensor(t))
  for (const i of g.inputs) w.bytes(11, encodeValueInfo(i))
  for (const o of g.outputs) w.bytes(12, encodeValueInfo(o))
  return w.finish()
}

/** IR version 8 is the first that knows opset 18 (ONNX 1.13). */
const IR_VERSION = 8

/**
 * Encodes a ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, doc_string = 6,
 * graph = 7, opset_import = 8 (OperatorSetIdProto { domain = 1, version = 2 }).
 *
 * @example
 * const bytes = encodeModel({ opset: 18, graph: { name: "g", nodes: [], initializers: [], inputs: [], outputs: [] } })
 */
export const encodeModel = (m: ModelData): Uint8Array => {
  const opset = new Writer().string(1, "").int(2, m.opset).finish()
  const w = new Writer()
    .int(1, IR_VERSION)
    .string(2, m.producerName ?? "mirflow")
    .string(3, m.producerVersion ?? "")
  if (m.docString !== undefined) w.string(6, m.docString)
  return w.bytes(7, encodeGraph(m.graph)).bytes(8, opset).finish()
}

/**
 * ONNX Runtime tensors as plain data, to cross between threads (`postMessage` copies or moves typed
 * arrays, not `ort.Tensor` objects).
 *
 * @module
 */
import * as ort from "onnxruntime-node"

/** A numeric tensor's element type, shape and values. */
export interface PlainTensor {
  readonly type: ort.Tensor.Type
  readonly dims: ReadonlyArray<number>
  readonly data: ort.Tensor.DataType
}

/** A tensor as plain data (its values array is shared, not copied). */
export const plainTensor = (tensor: ort.Tensor): PlainTensor => ({
  type: tensor.type,
  dims: [...tensor.dims],
  data: tensor.data,
})

/** The `ort.Tensor` of plain data (numeric types only). */
export const tensorOf = (plain: PlainTensor): ort.Tensor =>
  new ort.Tensor(plain.type as "float32", plain.data as Float32Array, plain.dims)

/** The buffers of tensors that can be moved to the other thread (whole, unshared buffers). */
export const transferables = (tensors: Readonly<Record<string, PlainTensor>>): ArrayBuffer[] => {
  const buffers = new Set<ArrayBuffer>()
  for (const { data } of Object.values(tensors))
    if (
      ArrayBuffer.isView(data) &&
      data.buffer instanceof ArrayBuffer &&
      data.byteOffset === 0 &&
      data.byteLength === data.buffer.byteLength
    )
      buffers.add(data.buffer)
  return [...buffers]
}

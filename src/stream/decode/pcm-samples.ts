/**
 * Conversion of interleaved little-endian PCM bytes (as WAV stores them) to planar float samples.
 *
 * Integers are scaled by 2^(bits-1) (8-bit samples are unsigned, offset 128), so full scale maps to
 * [-1, 1): the convention of libsndfile/soundfile, hence of `librosa.load`.
 *
 * @module
 */

/** How one sample is stored. */
export type SampleEncoding = "uint8" | "int16" | "int24" | "int32" | "float32" | "float64"

/** Bytes per sample of each encoding. */
export const bytesPerSample: Record<SampleEncoding, number> = {
  uint8: 1,
  int16: 2,
  int24: 3,
  int32: 4,
  float32: 4,
  float64: 8,
}

/**
 * Writes `frames` interleaved frames of `channels` samples, read from `src` at `srcOffset`, into the
 * planar `out` arrays at `outOffset`. No allocation.
 * numpy: `np.frombuffer(src, dtype).reshape(frames, channels).T / 2**(bits-1)`.
 *
 * @param src - interleaved sample bytes, little-endian
 * @param srcOffset - byte offset of the first frame
 * @param encoding - sample storage
 * @param channels - samples per frame
 * @param frames - frames to convert
 * @param out - one array per channel, each at least `outOffset + frames` long
 * @param outOffset - first index to write in each output array
 */
export const deinterleave = (
  src: Uint8Array,
  srcOffset: number,
  encoding: SampleEncoding,
  channels: number,
  frames: number,
  out: ReadonlyArray<Float32Array>,
  outOffset: number,
): void => {
  const width = bytesPerSample[encoding]
  const stride = width * channels
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength)
  for (let c = 0; c < channels; c++) {
    const dst = out[c]!
    let p = srcOffset + c * width
    const end = outOffset + frames
    switch (encoding) {
      case "uint8":
        for (let i = outOffset; i < end; i++, p += stride) dst[i] = (src[p]! - 128) / 128
        break
      case "int16":
        for (let i = outOffset; i < end; i++, p += stride)
          dst[i] = (((src[p + 1]! << 24) | (src[p]! << 16)) >> 16) / 32768
        break
      case "int24":
        for (let i = outOffset; i < end; i++, p += stride) {
          dst[i] = (((src[p + 2]! << 24) | (src[p + 1]! << 16) | (src[p]! << 8)) >> 8) / 8388608
        }
        break
      case "int32":
        for (let i = outOffset; i < end; i++, p += stride) dst[i] = view.getInt32(p, true) / 2147483648
        break
      case "float32":
        for (let i = outOffset; i < end; i++, p += stride) dst[i] = view.getFloat32(p, true)
        break
      case "float64":
        for (let i = outOffset; i < end; i++, p += stride) dst[i] = view.getFloat64(p, true)
        break
    }
  }
}

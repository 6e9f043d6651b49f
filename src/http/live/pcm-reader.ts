/**
 * Raw PCM from a live source, as it comes in WebSocket messages: mono, little-endian, float32
 * (`f32le`, samples in [-1, 1]) or signed 16-bit (`s16le`). A message need not end on a sample
 * boundary; the bytes of a split sample wait for the next message.
 *
 * @module
 */
import { firstNonFiniteIndex } from "../../dsp/signal.ts"
import { InvalidSamples } from "../../schema/errors/signal.ts"

export type PcmFormat = "f32le" | "s16le"

/** Bytes per sample of each format. */
export const bytesPerSample: Readonly<Record<PcmFormat, number>> = { f32le: 4, s16le: 2 }

/** Turns successive binary messages into float samples. */
export class PcmReader {
  private readonly format: PcmFormat
  private carry = new Uint8Array(0)
  /** Samples returned so far. */
  samples = 0

  constructor(format: PcmFormat) {
    this.format = format
  }

  /**
   * The whole samples of `bytes` (and of the partial sample left by the previous message), or an
   * `InvalidSamples` error for NaN or infinite float samples.
   * numpy: `np.frombuffer(b, "<f4")` or `np.frombuffer(b, "<i2") / 32768`.
   */
  read(bytes: Uint8Array): Float32Array | InvalidSamples {
    const size = bytesPerSample[this.format]
    let data = bytes
    if (this.carry.length > 0) {
      data = new Uint8Array(this.carry.length + bytes.length)
      data.set(this.carry)
      data.set(bytes, this.carry.length)
    }
    const whole = Math.floor(data.length / size)
    this.carry = data.slice(whole * size)
    const view = new DataView(data.buffer, data.byteOffset, whole * size)
    const out = new Float32Array(whole)
    if (this.format === "f32le") for (let i = 0; i < whole; i++) out[i] = view.getFloat32(i * 4, true)
    else for (let i = 0; i < whole; i++) out[i] = view.getInt16(i * 2, true) / 32768
    const bad = firstNonFiniteIndex(out)
    if (bad >= 0)
      return new InvalidSamples({
        at: this.samples + bad,
        message: `sample ${this.samples + bad} is ${out[bad]}: send finite float32 samples in [-1, 1]`,
      })
    this.samples += whole
    return out
  }
}

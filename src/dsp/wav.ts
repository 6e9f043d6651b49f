/**
 * Writing WAV files: planar float channels to the bytes of a canonical RIFF/WAVE file (a 44-byte
 * header, then interleaved little-endian samples), as 16-bit PCM or 32-bit IEEE float.
 *
 * Equivalent: `soundfile.write(path, x.T, sr, subtype="PCM_16" | "FLOAT")`. Reference: Microsoft's
 * RIFF/WAVE format (`WAVE_FORMAT_PCM` = 1, `WAVE_FORMAT_IEEE_FLOAT` = 3).
 *
 * @module
 */

/** Sample encoding of a written WAV file. */
export type WavEncoding = "pcm16" | "float32"

/**
 * Encodes planar channels (all the same length) as a WAV file.
 *
 * 16-bit PCM clips samples to [-1, 1] and rounds `x * 32767` to the nearest integer (as soundfile
 * does); float32 stores the samples as they are.
 *
 * @param channels - one Float32Array per channel, at least one
 * @param sampleRate - samples per second per channel (an integer)
 * @param encoding - `"pcm16"` (default) or `"float32"`
 * @returns the whole file; its buffer is a fresh ArrayBuffer (a valid `fetch` or `Blob` body)
 *
 * @example
 * ```ts
 * writeFileSync("tone.wav", encodeWav([tone], 22050))
 * ```
 */
export const encodeWav = (
  channels: ReadonlyArray<Float32Array>,
  sampleRate: number,
  encoding: WavEncoding = "pcm16",
): Uint8Array<ArrayBuffer> => {
  if (channels.length === 0) throw new RangeError("encodeWav: at least one channel is needed")
  const frames = channels[0]!.length
  if (channels.some((c) => c.length !== frames))
    throw new RangeError("encodeWav: every channel must have the same length")
  if (!Number.isInteger(sampleRate) || sampleRate <= 0)
    throw new RangeError(`encodeWav: the sample rate must be a positive integer, not ${sampleRate}`)
  const bytesPerSample = encoding === "pcm16" ? 2 : 4
  const blockAlign = channels.length * bytesPerSample
  const dataBytes = frames * blockAlign
  const out = new Uint8Array(new ArrayBuffer(44 + dataBytes))
  const view = new DataView(out.buffer)
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(at + i, text.charCodeAt(i))
  }
  ascii(0, "RIFF")
  view.setUint32(4, 36 + dataBytes, true)
  ascii(8, "WAVE")
  ascii(12, "fmt ")
  view.setUint32(16, 16, true)
  view.setUint16(20, encoding === "pcm16" ? 1 : 3, true)
  view.setUint16(22, channels.length, true)
  view.setUint32(24, sampleRate, true)
  view.setUint32(28, sampleRate * blockAlign, true)
  view.setUint16(32, blockAlign, true)
  view.setUint16(34, bytesPerSample * 8, true)
  ascii(36, "data")
  view.setUint32(40, dataBytes, true)
  let at = 44
  for (let i = 0; i < frames; i++) {
    for (const channel of channels) {
      const x = channel[i]!
      if (encoding === "pcm16") view.setInt16(at, Math.round(Math.max(-1, Math.min(1, x)) * 32767), true)
      else view.setFloat32(at, x, true)
      at += bytesPerSample
    }
  }
  return out
}

/** Builds WAV files byte by byte, for the cases no encoder writes on request (odd chunks, lying sizes). */

export interface RiffChunk {
  readonly id: string
  readonly body: Uint8Array
  /** The size to write in the header, when it should differ from the body's length. */
  readonly size?: number
}

const ascii = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)))

/** A `fmt ` chunk body (16 bytes) for a WAVE_FORMAT tag. */
export const fmtBody = (
  tag: number,
  channels: number,
  sampleRate: number,
  bitsPerSample: number,
): Uint8Array => {
  const body = new Uint8Array(16)
  const view = new DataView(body.buffer)
  const blockAlign = (channels * bitsPerSample) / 8
  view.setUint16(0, tag, true)
  view.setUint16(2, channels, true)
  view.setUint32(4, sampleRate, true)
  view.setUint32(8, sampleRate * blockAlign, true)
  view.setUint16(12, blockAlign, true)
  view.setUint16(14, bitsPerSample, true)
  return body
}

/** 16-bit samples, interleaved, little-endian. */
export const int16Body = (samples: ReadonlyArray<number>): Uint8Array => {
  const body = new Uint8Array(samples.length * 2)
  const view = new DataView(body.buffer)
  samples.forEach((s, i) => {
    view.setInt16(i * 2, s, true)
  })
  return body
}

/** A RIFF WAVE file of `chunks`, each padded to an even length as RIFF requires. */
export const riffWave = (chunks: ReadonlyArray<RiffChunk>, riffSize?: number): Uint8Array => {
  const parts: Uint8Array[] = []
  for (const chunk of chunks) {
    const header = new Uint8Array(8)
    header.set(ascii(chunk.id))
    new DataView(header.buffer).setUint32(4, chunk.size ?? chunk.body.length, true)
    parts.push(header, chunk.body)
    if (chunk.body.length % 2 === 1) parts.push(new Uint8Array(1))
  }
  const length = parts.reduce((n, p) => n + p.length, 0)
  const out = new Uint8Array(12 + length)
  out.set(ascii("RIFF"))
  new DataView(out.buffer).setUint32(4, riffSize ?? 4 + length, true)
  out.set(ascii("WAVE"), 8)
  let at = 12
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

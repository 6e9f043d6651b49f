/**
 * Decoded audio as it flows between stream stages.
 *
 * @module
 */

/**
 * A chunk of decoded audio: planar channels of equal length, samples in [-1, 1] at `sampleRate` Hz.
 * Planar (one array per channel) rather than interleaved, as librosa's `(channels, samples)` arrays and
 * the Web Audio `AudioBuffer` are, so that a mono mixdown or a per-channel resampler reads contiguous
 * memory. A stage may keep a chunk; the producer never writes to it again.
 */
export interface PcmChunk {
  readonly sampleRate: number
  readonly channels: ReadonlyArray<Float32Array>
}

/** Number of sample frames (samples per channel) in a chunk. */
export const pcmFrames = (chunk: PcmChunk): number => chunk.channels[0]?.length ?? 0

/**
 * Joins chunks of one stream (same rate and channel count) into one chunk per channel.
 * numpy: `np.concatenate(chunks, axis=1)` on `(channels, samples)` arrays.
 *
 * @param chunks - chunks in stream order; all must share `sampleRate` and channel count
 * @param sampleRate - the rate to report when `chunks` is empty
 */
export const concatPcm = (
  chunks: ReadonlyArray<PcmChunk>,
  sampleRate = chunks[0]?.sampleRate ?? 0,
): PcmChunk => {
  const channelCount = chunks[0]?.channels.length ?? 0
  let frames = 0
  for (const chunk of chunks) frames += pcmFrames(chunk)
  const channels = Array.from({ length: channelCount }, () => new Float32Array(frames))
  let at = 0
  for (const chunk of chunks) {
    for (let c = 0; c < channelCount; c++) channels[c]!.set(chunk.channels[c]!, at)
    at += pcmFrames(chunk)
  }
  return { sampleRate, channels }
}

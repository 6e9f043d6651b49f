/**
 * Mixing channels down to mono.
 *
 * @module
 */

/**
 * The mean of `channels` (planar: one array per channel, all of the same length), sample by sample:
 * `librosa.to_mono(y)`, i.e. `np.mean(y, axis=0)` on float32 `(channels, samples)`. The sum is
 * accumulated in float32, channel after channel, then divided by the channel count, as numpy does for
 * float32, so the result equals librosa's bit for bit (for stereo it is `(l + r) / 2` correctly rounded).
 *
 * Always returns a new array: a single channel comes back as a copy, so the caller may modify the
 * result without touching the input. Any channel count from 1 works (5.1 is averaged over six channels,
 * LFE included, as librosa does).
 *
 * @throws RangeError when there are no channels or their lengths differ.
 */
export const mixdown = (channels: ReadonlyArray<Float32Array>): Float32Array => {
  const first = channels[0]
  if (first === undefined) throw new RangeError("mixdown needs at least one channel")
  const length = first.length
  channels.forEach((channel, c) => {
    if (channel.length !== length) {
      throw new RangeError(`mixdown: channel ${c} has ${channel.length} samples, channel 0 has ${length}`)
    }
  })
  if (channels.length === 1) return first.slice()
  const out = new Float32Array(length)
  if (channels.length === 2) {
    // One pass for the common case: the float32 sum (fround), then the halving, rounded on store.
    const second = channels[1]!
    for (let i = 0; i < length; i++) out[i] = Math.fround(first[i] + second[i]) / 2
    return out
  }
  out.set(first)
  // Each `+=` rounds to float32 on store: the float32 running sum numpy keeps, channel after channel.
  for (let c = 1; c < channels.length; c++) {
    const channel = channels[c]!
    for (let i = 0; i < length; i++) out[i] += channel[i]
  }
  const count = channels.length
  for (let i = 0; i < length; i++) out[i] /= count
  return out
}

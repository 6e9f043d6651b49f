/**
 * A deterministic musical test signal: a sustained chord per channel with a percussive click every
 * quarter second, under a slow swell. The same function writes the sources of the audio fixtures
 * (`scripts/make-audio-fixtures.sh`) and gives tests their reference, so no reference WAV is stored.
 *
 * Each channel plays a different chord (channel c's root is 220 Hz raised by 3c semitones), so a
 * swapped or duplicated channel is caught; the peak stays below 0.8 so no encoder clips.
 */

/** Per-channel samples of the signal: `channels` arrays of `round(seconds * sampleRate)` samples. */
export const musicSignal = (sampleRate: number, channels: number, seconds: number): Float32Array[] => {
  const length = Math.round(seconds * sampleRate)
  return Array.from({ length: channels }, (_, c) => {
    const out = new Float32Array(length)
    const root = 220 * 2 ** ((3 * c) / 12)
    const partials = [root, root * 1.25, root * 1.5, root * 2]
    let noise = 0x9e3779b9 ^ (c * 7919)
    for (let i = 0; i < length; i++) {
      const t = i / sampleRate
      let chord = 0
      for (let k = 0; k < partials.length; k++) chord += Math.sin(2 * Math.PI * partials[k]! * t) / (k + 1.5)
      const swell = 0.6 + 0.4 * Math.sin(2 * Math.PI * 0.5 * t)
      // Click: a 5 ms burst of decaying noise every 0.25 s.
      const sinceClick = t % 0.25
      noise ^= noise << 13
      noise ^= noise >>> 17
      noise ^= noise << 5
      const click = sinceClick < 0.005 ? ((noise >>> 0) / 2 ** 32 - 0.5) * Math.exp(-sinceClick * 800) : 0
      out[i] = 0.28 * swell * chord + 0.5 * click
    }
    return out
  })
}

/**
 * What decoding learns about an input from its header, before (or while) decoding samples.
 *
 * @module
 */
import { Schema } from "effect"

/** Container formats decoding recognises from the bytes. */
export const AudioContainer = Schema.Literals(["wav", "w64", "mp3", "flac", "ogg", "mp4"])
export type AudioContainer = typeof AudioContainer.Type

/** Codecs inside those containers. */
export const AudioCodec = Schema.Literals([
  "pcm",
  "float",
  "mp1",
  "mp2",
  "mp3",
  "flac",
  "vorbis",
  "opus",
  "aac",
  "alac",
])
export type AudioCodec = typeof AudioCodec.Type

/**
 * Stream metadata. `sampleRate` and `channels` are those of the decoded PCM (Opus always decodes at
 * 48 kHz; MP3 mono is one channel even though the decoder library returns two). `duration` is the
 * length in seconds the header declares, absent when it declares none (Ogg, streamed FLAC/WAV/MP3
 * without a Xing header).
 */
export const AudioInfo = Schema.Struct({
  container: AudioContainer,
  codec: AudioCodec,
  sampleRate: Schema.Int,
  channels: Schema.Int,
  bitsPerSample: Schema.optionalKey(Schema.Int),
  duration: Schema.optionalKey(Schema.Finite),
})
export type AudioInfo = typeof AudioInfo.Type

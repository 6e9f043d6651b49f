/**
 * The identification header that opens an Ogg Vorbis or Opus stream: rate and channels, checked for
 * everything the codecs' own parser (codec-parser, in @audio/decode-vorbis and @audio/decode-opus)
 * relies on. When its checks fail that parser does not report an error: it drops out through an
 * undefined `logError` (Vorbis, a ReferenceError) or leaves holes in its frame list (Opus, a TypeError
 * later), and libopus's setup throws a RangeError on an impossible stream layout. Fuzzing reached all
 * three; here they are a `CorruptAudio` that says what is wrong.
 *
 * Reference: Vorbis I specification §4.2.2; RFC 7845 §5.1 (OpusHead) and §5.1.1 (channel mappings).
 *
 * @module
 */
import { CorruptAudio } from "../../schema/errors/decode.ts"

/** Opus always decodes at 48 kHz, whatever rate its header says the source had. */
const OPUS_RATE = 48000

export interface OggIdHeader {
  readonly sampleRate: number
  readonly channels: number
}

const invalid = (name: string, why: string) =>
  new CorruptAudio({ format: "ogg", message: `The Ogg ${name} header is invalid: ${why}.` })

/** Vorbis: "\x01vorbis", version u32 @7, channels u8 @11, rate u32 @12, block sizes @28, framing @29. */
const vorbisHeader = (body: Uint8Array): OggIdHeader => {
  const fail = (why: string) => invalid("Vorbis", why)
  if (body.length < 30) throw fail("its identification header is shorter than 30 bytes")
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
  const version = view.getUint32(7, true)
  const channels = body[11]!
  const sampleRate = view.getUint32(12, true)
  const short = body[28]! & 0x0f
  const long = body[28]! >> 4
  if (version !== 0) throw fail(`it declares Vorbis version ${version}; only version 0 exists`)
  if (channels === 0) throw fail("it declares 0 channels")
  if (sampleRate === 0) throw fail("it declares a rate of 0 Hz")
  if (short < 6 || long > 13 || short > long)
    throw fail(`its block sizes (2^${short}, 2^${long}) are not allowed`)
  if (body[29] !== 1) throw fail("its identification header lacks the framing flag")
  return { sampleRate, channels }
}

/** OpusHead: version u8 @8, channels @9, mapping family @18, then stream counts and the mapping table. */
const opusHeader = (body: Uint8Array): OggIdHeader => {
  const fail = (why: string) => invalid("Opus", why)
  if (body.length < 19) throw fail("its OpusHead packet is shorter than 19 bytes")
  const version = body[8]!
  const channels = body[9]!
  const family = body[18]!
  if (version !== 1) throw fail(`it declares OpusHead version ${version}; version 1 is decoded`)
  if (channels === 0) throw fail("it declares 0 channels")
  if (family === 0 && channels > 2) throw fail(`mapping family 0 allows 1 or 2 channels, not ${channels}`)
  if (family === 1 && channels > 8) throw fail(`mapping family 1 allows up to 8 channels, not ${channels}`)
  if (family !== 0) {
    if (body.length < 21 + channels) throw fail("its channel mapping table is cut short")
    const streams = body[19]!
    const coupled = body[20]!
    if (streams === 0 || coupled > streams || streams + coupled > 255) {
      throw fail(`its stream counts (${streams} streams, ${coupled} coupled) are impossible`)
    }
    const mapping = body.subarray(21, 21 + channels)
    if (mapping.some((m) => m >= streams + coupled && m !== 255)) {
      throw fail("its channel mapping names a stream that does not exist")
    }
  }
  return { sampleRate: OPUS_RATE, channels }
}

/** Reads and checks the identification header (the first page's body) of a Vorbis or Opus stream. */
export const parseOggIdHeader = (codec: "vorbis" | "opus", body: Uint8Array): OggIdHeader =>
  codec === "vorbis" ? vorbisHeader(body) : opusHeader(body)

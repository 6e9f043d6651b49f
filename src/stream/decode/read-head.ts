/**
 * Reads the first bytes of an input until its format is known, skipping a leading ID3v2 tag (which may
 * hold megabytes of cover art) without keeping it.
 *
 * @module
 */
import { Effect } from "effect"
import { EmptyAudio, UnsupportedFormat } from "../../schema/errors/decode.ts"
import type { NextBytes } from "./byte-source.ts"
import { type DecodableFormat, sniffFormat } from "./sniff.ts"

/** The format, and the bytes read to find it (to be decoded first), or `ended` when that was all. */
export interface Head {
  readonly format: DecodableFormat
  readonly bytes: Uint8Array
  readonly ended: boolean
}

/**
 * Growing buffer of the head; doubling keeps re-sniffing after each arrival from costing O(n²). The
 * first chunk is adopted without a copy (never written to: the next append copies it), because it
 * usually holds the whole head, and often the whole input (bytes in memory, a 1 MiB file read):
 * copying it twice, here and into the decoder, cost 4 ms for 10 MB of WAV.
 */
class HeadBuffer {
  private data: Uint8Array = new Uint8Array(0)
  private start = 0
  /** Whether `data` was allocated here (writable) rather than adopted from the input. */
  private owned = false
  length = 0

  append(chunk: Uint8Array): void {
    if (this.length === 0) {
      this.data = chunk
      this.start = 0
      this.owned = false
      this.length = chunk.length
      return
    }
    const needed = this.length + chunk.length
    if (!this.owned || this.start + needed > this.data.length) {
      const grown = new Uint8Array(Math.max(needed, 2 * this.length, 256))
      grown.set(this.bytes)
      this.data = grown
      this.start = 0
      this.owned = true
    }
    this.data.set(chunk, this.start + this.length)
    this.length = needed
  }

  /** Drops the first `count` bytes (at most `length`). */
  drop(count: number): void {
    this.start += count
    this.length -= count
  }

  /** The bytes held; a view, valid until the next `append`. */
  get bytes(): Uint8Array {
    return this.data.subarray(this.start, this.start + this.length)
  }
}

/**
 * `looksLike` with the article English wants: "an HTML document", "a ZIP archive", "an MP4 without an
 * audio track"; none for what already has one ("an ID3 tag…") or is uncountable ("unknown binary data",
 * "AIFF audio", "JSON text").
 */
const withArticle = (looksLike: string): string =>
  /^(an? |unknown )/.test(looksLike) || /( data| audio| text)$/.test(looksLike)
    ? looksLike
    : `${/^([aeiou]|MP[34]\b|HTML|XML)/i.test(looksLike) ? "an" : "a"} ${looksLike}`

const describe = (looksLike: string): string =>
  looksLike === "text" ||
  looksLike === "HTML document" ||
  looksLike === "XML document" ||
  looksLike === "JSON text"
    ? `The input is ${looksLike === "text" ? "plain text" : withArticle(looksLike)}, not audio: check that the right file was given (a saved web page or an error response is a common cause).`
    : `The input looks like ${withArticle(looksLike)}, not audio in a supported format (WAV, MP3, FLAC, Ogg Vorbis, Opus, M4A/AAC).`

/** Reads `next` until the format is recognised from the bytes. */
export const readHead = Effect.fnUntraced(function* <E>(next: NextBytes<E>) {
  const head = new HeadBuffer()
  let ended = false
  let afterId3 = false
  let received = 0
  /** Reads at least up to `length` bytes (or to the end). */
  const fill = Effect.fnUntraced(function* (length: number) {
    while (!ended && head.length < length) {
      const chunk = yield* next
      if (chunk === undefined) ended = true
      else {
        head.append(chunk)
        received += chunk.length
      }
    }
  })
  /** Skips `count` bytes, reading past the head as needed without keeping them. */
  const skip = Effect.fnUntraced(function* (count: number) {
    let left = count
    while (left > 0) {
      if (head.length === 0) {
        const chunk = yield* next
        if (chunk === undefined) {
          ended = true
          return
        }
        received += chunk.length
        if (chunk.length > left) head.append(chunk.subarray(left))
        left -= Math.min(left, chunk.length)
      } else {
        const n = Math.min(left, head.length)
        head.drop(n)
        left -= n
      }
    }
  })

  yield* fill(64)
  for (;;) {
    if (received === 0 && ended) {
      return yield* new EmptyAudio({ message: "The input is empty (0 bytes): there is no audio to decode." })
    }
    const sniffed = sniffFormat(head.bytes, ended, afterId3)
    switch (sniffed.kind) {
      case "format": {
        // No copy: the head buffer is dropped here, and decoders do not write to their input.
        const found: Head = { format: sniffed.format, bytes: head.bytes, ended }
        return found
      }
      case "unsupported":
        return yield* new UnsupportedFormat({
          looksLike: sniffed.looksLike,
          message: describe(sniffed.looksLike),
        })
      case "skip":
        yield* skip(sniffed.bytes)
        afterId3 = true
        yield* fill(64)
        break
      case "more":
        yield* fill(Math.max(64, head.length * 2))
        break
    }
  }
})

/**
 * The WebAssembly codecs behind MP3, FLAC, Vorbis, Opus and MP4/AAC, loaded on demand behind one
 * interface, and the conversion of their output to `PcmChunk`s.
 *
 * Which library serves which codec, and why. Milliseconds to decode 30 s of 44.1 kHz stereo, fastest
 * of 7 runs, in two sessions on this project's shared 2-core VM (load 3 to 6, so ranges; see
 * bench/decode.bench.ts):
 *
 * | codec  | chosen                                  | codec alone | node-web-audio-api 2.2.0        |
 * | ------ | --------------------------------------- | ----------- | ------------------------------- |
 * | MP3    | @audio/decode-mp3 (mpg123, gapless)     | 53-63       | 76-111                          |
 * | FLAC   | @wasm-audio-decoders/flac (libFLAC)     | 37-79       | 85-104                          |
 * | Vorbis | @audio/decode-vorbis (libvorbis)        | 43-61       | 50-84                           |
 * | Opus   | @audio/decode-opus (libopus)            | 83-146      | fails ("unsupported codec")     |
 * | AAC    | @audio/decode-mp4 + decode-aac (FAAD2)  | 52-92       | 47-65; fails when moov is last  |
 * | PCM    | wav-decoder.ts (own)                    | 56          | 74                              |
 *
 * node-web-audio-api is not consistently faster (only on AAC with the index first), cannot stream
 * (memory would grow with the input), resamples to its context's rate, keeps AAC's encoder priming
 * (1032 extra samples here) and fails on Opus and on M4A with the index at the end, so the WASM codecs
 * serve every format: one decoder per format also means that a piped file decodes to the same samples
 * as the same file read from disk. Licences: all MIT or BSD except @audio/decode-aac (FAAD2), GPL-2.0.
 * @audio/decode-flac is not used: its own frame splitter drops frames when a chunk boundary cuts a
 * frame header (3 % of the samples lost with 1-64 byte chunks, one frame now and then with 4 KiB ones);
 * @wasm-audio-decoders/flac (codec-parser) gives the same samples for every chunking.
 *
 * @module
 */
import type { PcmChunk } from "../pcm.ts"

/** What the codec libraries return per call. */
export interface CodecOutput {
  readonly channelData: ReadonlyArray<Float32Array>
  readonly sampleRate: number
  /** Frames of `channelData` that are valid (the arrays may be longer). */
  readonly samplesDecoded?: number
  /** Frames the codec skipped as undecodable. */
  readonly errors?: ReadonlyArray<unknown>
}

/** One codec instance: fed encoded bytes in order, cut anywhere. */
export interface WasmCodec {
  decode(bytes: Uint8Array): CodecOutput | Promise<CodecOutput>
  flush(): CodecOutput | Promise<CodecOutput>
  free(): void
}

export type CodecName = "mp3" | "flac" | "vorbis" | "opus" | "mp4"

const EMPTY: CodecOutput = { channelData: [], sampleRate: 0 }

/** Creates (and initialises the WebAssembly of) a codec instance. */
export const loadCodec = async (name: CodecName): Promise<WasmCodec> => {
  switch (name) {
    case "mp3": {
      const codec = await (await import("@audio/decode-mp3")).decoder()
      // mpg123 has no flush: it emits every complete frame as soon as it has it.
      return { decode: (b) => codec.decode(b), flush: () => EMPTY, free: () => codec.free() }
    }
    case "flac": {
      const { FLACDecoder } = await import("@wasm-audio-decoders/flac")
      const codec = new FLACDecoder()
      await codec.ready
      return codec
    }
    case "vorbis":
      return (await import("@audio/decode-vorbis")).decoder()
    case "opus":
      return (await import("@audio/decode-opus")).decoder()
    case "mp4":
      return (await import("@audio/decode-mp4")).decoder()
  }
}

/**
 * Converts one codec output to a PCM chunk of `channels` channels (undefined when it holds no audio).
 * `channels` drops the copies a codec adds: mpg123 always returns two channels, duplicating mono.
 */
export const codecOutputToPcm = (output: CodecOutput, channels: number): PcmChunk | undefined => {
  const first = output.channelData[0]
  if (first === undefined) return undefined
  const frames = Math.min(output.samplesDecoded ?? first.length, first.length)
  if (frames === 0) return undefined
  return {
    sampleRate: output.sampleRate,
    channels: output.channelData
      .slice(0, Math.min(channels, output.channelData.length))
      .map((c) => (c.length === frames ? c : c.subarray(0, frames))),
  }
}

/**
 * Audio decoding: any input to an Effect stream of planar PCM chunks.
 *
 * @module
 */
export type { AudioInfo } from "../../schema/audio-info.ts"
export * from "../../schema/errors/decode.ts"
export type { PcmChunk } from "../pcm.ts"
export {
  type DecodedAudio,
  type DecodeOptions,
  type DecodeOutcome,
  decodeAll,
  decodeAudio,
  defaultDecodeOptions,
  type OpenedAudio,
  openAudio,
} from "./decode.ts"
export type { AudioInput } from "./input.ts"
export { type DecodableFormat, sniffFormat } from "./sniff.ts"

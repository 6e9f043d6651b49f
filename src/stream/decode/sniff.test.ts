import { describe, expect, it } from "vitest"
import { audioFixture } from "../../../test/support/audio-fixtures.ts"
import { sniffFormat } from "./sniff.ts"

const ascii = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)))

describe("sniffFormat", () => {
  it.each([
    ["wav-s16le.wav", "wav"],
    ["wav-rf64.wav", "wav"],
    ["wav-8k.w64", "w64"],
    ["flac-44k-stereo.flac", "flac"],
    ["vorbis-44k-stereo.ogg", "ogg-vorbis"],
    ["opus-48k-stereo.opus", "ogg-opus"],
    ["aac-faststart.m4a", "mp4"],
    ["aac-moov-at-end.m4a", "mp4"],
  ])("recognises %s as %s from its bytes", (name, format) => {
    expect(sniffFormat(audioFixture(name), true)).toEqual({ kind: "format", format })
  })

  it("asks to skip the ID3v2 tag in front of an MP3, then finds MPEG frames", () => {
    const bytes = audioFixture("mp3-44k-stereo.mp3")
    const first = sniffFormat(bytes, true)
    expect(first.kind).toBe("skip")
    if (first.kind !== "skip") return
    expect(sniffFormat(bytes.subarray(first.bytes), true, true)).toEqual({ kind: "format", format: "mp3" })
  })

  it("finds MPEG-2 frames (22.05 kHz mono) and MP3 without a tag, after some junk", () => {
    const bytes = audioFixture("mp3-22k-mono.mp3")
    const first = sniffFormat(bytes, true)
    if (first.kind !== "skip") throw new Error("expected an ID3 tag")
    const audio = bytes.subarray(first.bytes)
    const junk = new Uint8Array(100 + audio.length).fill(0x20, 0, 100)
    junk.set(audio, 100)
    expect(sniffFormat(junk, true)).toEqual({ kind: "format", format: "mp3" })
  })

  it("waits for more bytes while undecided, and decides at the end", () => {
    const bytes = audioFixture("flac-44k-stereo.flac")
    expect(sniffFormat(bytes.subarray(0, 3), false)).toEqual({ kind: "more" })
    expect(sniffFormat(bytes.subarray(0, 3), true).kind).toBe("unsupported")
  })

  it.each([
    ["random.mp3", "unknown binary data"],
    ["notes.wav", "text"],
    ["download.mp3", "HTML document"],
  ])("describes %s as %s", (name, looksLike) => {
    expect(sniffFormat(audioFixture(name), true)).toEqual({ kind: "unsupported", looksLike })
  })

  it.each([
    ["%PDF-1.7\n", "PDF document"],
    ["PK\x03\x04\x14\x00\x00\x00\x08\x00xxxx", "ZIP archive"],
    ["\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"],
    ["\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "JPEG image"],
    ["FORM\x00\x00\x10\x00AIFFCOMM", "AIFF audio"],
    ["\x1aE\xdf\xa3\x9fB\x86\x81\x01B\xf7\x81", "WebM/Matroska media"],
    ['{"error": "not found", "status": 404}', "JSON text"],
    ["<?xml version='1.0'?><a/>", "XML document"],
  ])("names a file starting %j as %s", (start, looksLike) => {
    expect(sniffFormat(ascii(start), true)).toEqual({ kind: "unsupported", looksLike })
  })
})

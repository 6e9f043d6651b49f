import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Manifest } from "./manifest.ts"

const valid = {
  dataset_name: "music_dataset",
  created_by: "mirflow",
  total_files: 1,
  total_errors: 1,
  processing_date: "2025-08-29T12:00:00Z",
  statistics: {
    total_duration_hours: 0.05,
    average_duration_seconds: 180.5,
    sample_rates: [22050],
    file_formats: ["wav"],
  },
  files: [
    {
      filename: "rock/song1.wav",
      duration: 180.5,
      sample_rate: 22050,
      features_file: "features/rock__song1_features.json",
      spectrogram_file: "spectrograms/rock__song1_spectrogram.npy",
      file_size_mb: 15.2,
      genre: "rock",
      bpm: 120,
    },
  ],
  errors: [{ filename: "bad.mp3", code: "UnsupportedFormat", message: "not audio" }],
}

describe("Manifest", () => {
  const decode = Schema.decodeUnknownSync(Manifest)

  it("accepts the spec's shape", () => {
    expect(decode(valid).files[0]?.genre).toBe("rock")
  })

  it("rejects counts that disagree with the lists", () => {
    expect(() => decode({ ...valid, total_files: 2 })).toThrow(/total_files is 2 but files lists 1/)
    expect(() => decode({ ...valid, total_errors: 0 })).toThrow(/total_errors/)
  })

  it("rejects paths that leave the dataset folder", () => {
    const bad = (p: string) => ({ ...valid, files: [{ ...valid.files[0], features_file: p }] })
    expect(() => decode(bad("../x.json"))).toThrow(/relative path/)
    expect(() => decode(bad("/etc/passwd"))).toThrow(/relative path/)
    expect(() => decode(bad("a/../../b"))).toThrow(/relative path/)
    expect(() => decode(bad("a\\..\\..\\b"))).toThrow(/relative path/) // opened by readers on Windows
  })

  it("takes an audio file name as the POSIX name it is: `\\` and `:` are characters, `..` is refused", () => {
    const named = (filename: string) => ({ ...valid, files: [{ ...valid.files[0], filename }] })
    for (const filename of ["rock/a\\..\\b.wav", "A: Intro.wav", "C:\\x.wav", 'say "hi"\n.wav'])
      expect(decode(named(filename)).files[0]!.filename).toBe(filename)
    expect(() => decode(named("../x.wav"))).toThrow(/relative to the input folder/)
    expect(() => decode(named("/etc/passwd"))).toThrow(/relative to the input folder/)
  })
})

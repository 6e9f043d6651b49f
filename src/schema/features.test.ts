import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { featureCounts, featureTable, featureVectorNames, featureVectorSize } from "./features.ts"
import { FeaturesFile } from "./features-file.ts"

describe("feature table", () => {
  it("has the spec's categories and a 103-value vector", () => {
    expect(featureCounts()).toEqual({ temporal: 9, spectral: 46, harmonic: 38, rhythmic: 4, statistical: 7 })
    expect(featureTable.length).toBe(104)
    expect(featureVectorSize).toBe(103)
    expect(featureVectorNames).not.toContain("duration")
  })

  it("names every value the spec's example shows, once", () => {
    const names = featureTable.map((f) => f.name)
    expect(new Set(names).size).toBe(names.length)
    const required = [
      "duration",
      "tempo",
      "onset_rate",
      "zero_crossing_rate_mean",
      "zero_crossing_rate_std",
      "spectral_centroid_mean",
      "spectral_centroid_std",
      "spectral_bandwidth_mean",
      "spectral_rolloff_mean",
      "key_clarity",
      "tonal_centroid_1",
      "rhythm_complexity",
      "beat_strength",
      "energy_mean",
      "rms_energy_mean",
    ]
    for (let i = 1; i <= 13; i++) required.push(`mfcc_${i}_mean`, `mfcc_${i}_std`)
    for (let i = 1; i <= 12; i++) required.push(`chroma_${i}_mean`, `chroma_${i}_std`)
    for (const name of required) expect(names).toContain(name)
  })

  it("decodes a complete file and rejects missing or non-finite values", () => {
    const file: Record<string, unknown> = {
      filename: "a.wav",
      sample_rate: 44100,
      processing_info: { mirflow_version: "0.1.0", processed_at: "2025-08-29T12:00:00Z" },
      tempo_confidence: 0.5,
      key: "A minor",
      key_confidence: 0.4,
    }
    for (const f of featureTable) file[f.name] = 0.25
    const decode = Schema.decodeUnknownSync(FeaturesFile)
    expect(decode(file).mfcc_13_std).toBe(0.25)
    expect(() => decode({ ...file, mfcc_13_std: undefined })).toThrow()
    expect(() => decode({ ...file, tempo: Number.NaN })).toThrow()
    expect(() => decode({ ...file, key: "H major" })).toThrow()
  })
})

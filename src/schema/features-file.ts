/**
 * The per-file features JSON of the integration spec (`features/{name}_features.json`).
 *
 * Every numeric value of {@link featureTable} is required and finite, next to the file's metadata and
 * the estimated key label with its confidence and the tempo confidence.
 *
 * @module
 */
import { Schema } from "effect"
import { type FeatureName, featureTable } from "./features.ts"

/** A key label: tonic and mode, e.g. `"A minor"`, `"F# major"`. */
export const KeyLabel = Schema.String.check(
  Schema.isPattern(/^(C|C#|D|D#|E|F|F#|G|G#|A|A#|B) (major|minor)$/, {
    message: 'Expected a key such as "A minor" or "F# major"',
  }),
)

/** A probability or confidence in [0, 1]. */
export const Unit = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 }))

export const ProcessingInfo = Schema.Struct({
  mirflow_version: Schema.String,
  processed_at: Schema.String,
})

const featureFields = Object.fromEntries(featureTable.map((f) => [f.name, Schema.Finite])) as {
  readonly [K in FeatureName]: typeof Schema.Finite
}

export const FeaturesFile = Schema.Struct({
  filename: Schema.String,
  sample_rate: Schema.Int.check(Schema.isGreaterThan(0)),
  processing_info: ProcessingInfo,
  ...featureFields,
  tempo_confidence: Unit,
  key: KeyLabel,
  key_confidence: Unit,
})

export type FeaturesFile = typeof FeaturesFile.Type

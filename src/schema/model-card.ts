/**
 * The model card (`model.json`) written beside `model.onnx`, in the integration spec's shape plus what
 * a user needs to trust and reproduce the model: feature names and normalisation, metrics, data and
 * terms, the mirflow version.
 *
 * @module
 */
import { Schema } from "effect"

const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0))

export const PreprocessingConfig = Schema.Struct({
  sample_rate: PositiveInt,
  n_fft: PositiveInt,
  hop_length: PositiveInt,
  n_mels: PositiveInt,
  feature_count: PositiveInt,
  /** What the spectrogram input holds: mel power as in the dataset's `.npy` files. */
  spectrogram: Schema.Literal("mel_power"),
  /** Frames per analysis window at inference; a clip's prediction averages its windows. */
  window_frames: PositiveInt,
  window_hop_frames: PositiveInt,
})

export const ClassMappings = Schema.Struct({
  genres: Schema.optionalKey(Schema.Array(Schema.String)),
  moods: Schema.optionalKey(Schema.Array(Schema.String)),
  keys: Schema.optionalKey(Schema.Array(Schema.String)),
})

/** Which part of mirflow answers a head: the trained network, or a signal-processing estimator. */
export const HeadSource = Schema.Literals(["model", "estimator"])

export const ModelCard = Schema.Struct({
  name: Schema.NonEmptyString,
  version: Schema.String,
  mirflow_version: Schema.String,
  created_at: Schema.String,
  model_architecture: Schema.String,
  /** Input and output tensor names of model.onnx. */
  inputs: Schema.Struct({ spectrogram: Schema.String, features: Schema.String }),
  outputs: Schema.Record(Schema.String, Schema.String),
  feature_size: PositiveInt,
  spectrogram_shape: Schema.Tuple([PositiveInt, Schema.Null]),
  class_mappings: ClassMappings,
  heads: Schema.Struct({
    genre: Schema.optionalKey(HeadSource),
    mood: Schema.optionalKey(HeadSource),
    bpm: Schema.optionalKey(HeadSource),
    key: Schema.optionalKey(HeadSource),
  }),
  preprocessing_config: PreprocessingConfig,
  feature_names: Schema.Array(Schema.String),
  /** Standardisation of the feature vector learned on the training split (also baked into the graph). */
  feature_normalization: Schema.Struct({
    mean: Schema.Array(Schema.Finite),
    std: Schema.Array(Schema.Finite),
  }),
  /**
   * What the graph does to the mel power input before the network, with the per-band statistics of
   * the training split (baked into the graph): `(10·log10(max(x, amin)) − mean[b]) / std[b]`.
   */
  spectrogram_normalization: Schema.Struct({
    amin: Schema.Finite,
    mean_db: Schema.Array(Schema.Finite),
    std_db: Schema.Array(Schema.Finite),
  }),
  metrics: Schema.Record(Schema.String, Schema.Unknown),
  training: Schema.Struct({
    data: Schema.String,
    terms: Schema.String,
    examples: Schema.Int,
    epochs: Schema.Int,
    seed: Schema.Int,
    device: Schema.String,
    duration_seconds: Schema.Finite,
  }),
}).check(
  Schema.makeFilter((card) => {
    const bands = card.spectrogram_shape[0]
    if (card.feature_names.length !== card.feature_size)
      return `feature_names lists ${card.feature_names.length} names but feature_size is ${card.feature_size}`
    if (
      card.feature_normalization.mean.length !== card.feature_size ||
      card.feature_normalization.std.length !== card.feature_size
    )
      return `feature_normalization must hold ${card.feature_size} means and standard deviations`
    if (
      card.spectrogram_normalization.mean_db.length !== bands ||
      card.spectrogram_normalization.std_db.length !== bands
    )
      return `spectrogram_normalization must hold ${bands} band means and standard deviations`
    for (const [head, mapping] of [
      ["genre", "genres"],
      ["mood", "moods"],
      ["key", "keys"],
    ] as const) {
      const classes = card.class_mappings[mapping]
      if (card.heads[head] === "model" && (classes === undefined || classes.length < 2))
        return `the ${head} head is answered by the model but class_mappings.${mapping} lists no classes`
    }
    return undefined
  }),
)
export type ModelCard = typeof ModelCard.Type

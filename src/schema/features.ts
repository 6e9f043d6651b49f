/**
 * The feature table: every value of a `features/{name}_features.json` file, defined once as data.
 *
 * The integration spec groups the file's values as temporal 9, spectral 46, harmonic 38, rhythmic 4
 * and statistical 7 (104 in all) and says the model's feature vector holds 103 values: `duration` is
 * temporal in the file but, being metadata, is not part of the vector. {@link featureVectorNames} is
 * derived from this table, so the vector length follows from it.
 *
 * Frame-wise values use sr 22050, n_fft 2048, hop 512 (librosa's defaults for these parameters);
 * `_mean` / `_std` are the mean and population standard deviation over all frames.
 *
 * @module
 */

export type FeatureCategory = "temporal" | "spectral" | "harmonic" | "rhythmic" | "statistical"

export interface FeatureSpec<N extends string = string> {
  readonly name: N
  readonly category: FeatureCategory
  /** What the value measures and how it is computed, with its unit. */
  readonly definition: string
  /** The librosa expression it equals (or summarises), where one exists. */
  readonly librosa?: string
  /** Metadata written to the file but left out of the model's vector. */
  readonly metadataOnly?: true
}

const MFCC_INDEX = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] as const
const CHROMA_INDEX = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const
const CONTRAST_INDEX = [1, 2, 3, 4, 5, 6, 7] as const
const TONNETZ_INDEX = [1, 2, 3, 4, 5, 6] as const
const PITCH_CLASSES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"] as const
const TONNETZ_AXES = [
  "fifths (sin)",
  "fifths (cos)",
  "minor thirds (sin)",
  "minor thirds (cos)",
  "major thirds (sin)",
  "major thirds (cos)",
] as const
const CONTRAST_BANDS = [
  "0-200 Hz",
  "200-400 Hz",
  "400-800 Hz",
  "800-1600 Hz",
  "1.6-3.2 kHz",
  "3.2-6.4 kHz",
  "6.4-11.025 kHz",
] as const

const spec = <N extends string>(
  name: N,
  category: FeatureCategory,
  definition: string,
  librosa?: string,
): FeatureSpec<N> =>
  librosa === undefined ? { name, category, definition } : { name, category, definition, librosa }

/** `_mean` and `_std` over frames of a frame-wise quantity. */
const meanStd = <P extends string>(prefix: P, category: FeatureCategory, what: string, librosa: string) =>
  [
    spec(`${prefix}_mean` as `${P}_mean`, category, `Mean over frames of ${what}.`, `np.mean(${librosa})`),
    spec(
      `${prefix}_std` as `${P}_std`,
      category,
      `Standard deviation over frames of ${what}.`,
      `np.std(${librosa})`,
    ),
  ] as const

const temporal = [
  {
    ...spec(
      "duration",
      "temporal",
      "Length of the decoded audio in seconds.",
      "librosa.get_duration(y=y, sr=sr)",
    ),
    metadataOnly: true,
  } as FeatureSpec<"duration">,
  spec(
    "tempo",
    "temporal",
    "Global tempo in beats per minute by mirflow's estimator (docs/estimators.md); 0 when no pulse is found.",
    "librosa.feature.tempo (same quantity, a different method)",
  ),
  spec(
    "onset_rate",
    "temporal",
    "Detected onsets per second.",
    "len(librosa.onset.onset_detect(y=y, sr=sr)) / duration",
  ),
  ...meanStd(
    "zero_crossing_rate",
    "temporal",
    "the fraction of sign changes per 2048-sample frame",
    "librosa.feature.zero_crossing_rate(y)",
  ),
  spec(
    "low_energy_rate",
    "temporal",
    "Fraction of frames whose RMS is below the clip's mean RMS (Tzanetakis & Cook 2002).",
  ),
  spec("silence_ratio", "temporal", "Fraction of frames whose RMS is below -60 dBFS."),
  spec(
    "temporal_centroid",
    "temporal",
    "Energy-weighted mean frame time divided by the duration, in [0, 1] (0.5 when the energy is even).",
  ),
  spec(
    "energy_entropy",
    "temporal",
    "Shannon entropy of the frame energies normalised to sum to one, divided by log(frames), in [0, 1].",
  ),
] as const

const spectral = [
  ...meanStd(
    "spectral_centroid",
    "spectral",
    "the spectral centroid in Hz",
    "librosa.feature.spectral_centroid(y=y, sr=sr)",
  ),
  ...meanStd(
    "spectral_bandwidth",
    "spectral",
    "the spectral bandwidth (p = 2) in Hz",
    "librosa.feature.spectral_bandwidth(y=y, sr=sr)",
  ),
  ...meanStd(
    "spectral_rolloff",
    "spectral",
    "the frequency below which 85 % of the magnitude lies, in Hz",
    "librosa.feature.spectral_rolloff(y=y, sr=sr)",
  ),
  ...meanStd(
    "spectral_flatness",
    "spectral",
    "the spectral flatness (geometric / arithmetic mean of the power spectrum)",
    "librosa.feature.spectral_flatness(y=y)",
  ),
  ...CONTRAST_INDEX.map((i) =>
    spec(
      `spectral_contrast_${i}_mean` as const,
      "spectral",
      `Mean over frames of the spectral contrast (peak minus valley, dB) of octave band ${i} (${CONTRAST_BANDS[i - 1]}).`,
      `np.mean(librosa.feature.spectral_contrast(y=y, sr=sr)[${i - 1}])`,
    ),
  ),
  ...meanStd(
    "spectral_flux",
    "spectral",
    "the onset strength: mean over mel bands of the rise in dB from the previous frame",
    "librosa.onset.onset_strength(y=y, sr=sr)",
  ),
  spec(
    "spectral_crest_mean",
    "spectral",
    "Mean over frames of the magnitude spectrum's maximum divided by its mean (0 for silent frames).",
  ),
  spec(
    "low_band_energy_ratio",
    "spectral",
    "Fraction of the clip's spectral power below 250 Hz (0 for silence).",
  ),
  spec(
    "high_band_energy_ratio",
    "spectral",
    "Fraction of the clip's spectral power above 4 kHz (0 for silence).",
  ),
  ...MFCC_INDEX.flatMap((i) =>
    meanStd(
      `mfcc_${i}`,
      "spectral",
      `mel-frequency cepstral coefficient ${i} (DCT-II ortho of the dB mel spectrogram)`,
      `librosa.feature.mfcc(y=y, sr=sr, n_mfcc=13)[${i - 1}]`,
    ),
  ),
] as const

const harmonic = [
  ...CHROMA_INDEX.flatMap((i) =>
    meanStd(
      `chroma_${i}`,
      "harmonic",
      `the chroma energy of pitch class ${PITCH_CLASSES[i - 1]} (each frame scaled to a maximum of 1)`,
      `librosa.feature.chroma_stft(y=y, sr=sr)[${i - 1}]`,
    ),
  ),
  ...TONNETZ_INDEX.map((i) =>
    spec(
      `tonal_centroid_${i}` as const,
      "harmonic",
      `Mean over frames of tonal centroid dimension ${i}: ${TONNETZ_AXES[i - 1]} (Harte et al. 2006).`,
      `np.mean(librosa.feature.tonnetz(y=y, sr=sr)[${i - 1}])`,
    ),
  ),
  ...TONNETZ_INDEX.map((i) =>
    spec(
      `tonal_centroid_${i}_std` as const,
      "harmonic",
      `Standard deviation over frames of tonal centroid dimension ${i}: ${TONNETZ_AXES[i - 1]}.`,
      `np.std(librosa.feature.tonnetz(y=y, sr=sr)[${i - 1}])`,
    ),
  ),
  spec(
    "key_clarity",
    "harmonic",
    "How clearly one key dominates: correlation of the clip's pitch-class profile (spectral peaks, bass added at half weight) with the best rotation of the Albrecht-Shanahan key profile, clipped to [0, 1].",
  ),
  spec(
    "mode_strength",
    "harmonic",
    "Best major-key correlation minus best minor-key correlation, in [-1, 1] (positive: major).",
  ),
] as const

const rhythmic = [
  spec(
    "rhythm_complexity",
    "rhythmic",
    "How irregular the onsets are relative to the beat grid: 1 minus the onset-strength-weighted synchronisation index of the onsets' phases within their beat intervals, in [0, 1] (0: every onset on a beat).",
  ),
  spec(
    "beat_strength",
    "rhythmic",
    "1 minus the mean onset strength over the mean onset strength at the tracked beats, clipped to [0, 1] (0: beats no stronger than the average frame, 0.5: twice as strong).",
  ),
  spec(
    "pulse_clarity",
    "rhythmic",
    "Mean normalised autocorrelation of the onset envelopes at 1 to 4 beat periods of the estimated tempo, in [0, 1].",
  ),
  spec(
    "beat_regularity",
    "rhythmic",
    "1 minus the coefficient of variation of the inter-beat intervals, clipped to [0, 1].",
  ),
] as const

const statistical = [
  ...meanStd(
    "energy",
    "statistical",
    "the frame energy (mean of squared samples per 2048-sample frame)",
    "librosa.feature.rms(y=y) ** 2",
  ),
  ...meanStd("rms_energy", "statistical", "the frame RMS", "librosa.feature.rms(y=y)"),
  spec(
    "dynamic_range_db",
    "statistical",
    "95th minus 5th percentile of the non-silent frames' RMS in dB (0 when fewer than two frames are loud).",
  ),
  spec("crest_factor_db", "statistical", "Peak absolute sample over the clip's RMS, in dB (0 for silence)."),
  spec("peak_amplitude", "statistical", "Largest absolute sample value."),
] as const

/** Every numeric value of a features file, in file and vector order. */
export const featureTable = [...temporal, ...spectral, ...harmonic, ...rhythmic, ...statistical] as const

/** The name of any numeric value in a features file. */
export type FeatureName = (typeof featureTable)[number]["name"]

/** The names of the model's feature vector, in order: the table without metadata-only values. */
export const featureVectorNames: ReadonlyArray<FeatureName> = featureTable
  .filter((f: FeatureSpec) => f.metadataOnly !== true)
  .map((f) => f.name)

/** The model's feature vector length (103). */
export const featureVectorSize = featureVectorNames.length

/** How many values each category holds in the file. */
export const featureCounts = (): Record<FeatureCategory, number> => {
  const counts = { temporal: 0, spectral: 0, harmonic: 0, rhythmic: 0, statistical: 0 }
  for (const f of featureTable) counts[f.category]++
  return counts
}

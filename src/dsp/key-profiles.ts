/**
 * Key profiles: how much each of the 12 pitch classes, counted from the tonic, weighs in a major and
 * in a minor key. A clip's pitch-class profile is correlated with each profile rotated to each
 * tonic; the best-matching rotation names the key (Krumhansl & Schmuckler's method).
 *
 * Measured on mirflow's rendered corpora and real recordings (`npm run eval:estimators`, see
 * docs/estimators.md), the corpus-derived Albrecht & Shanahan profile did best on functional harmony
 * and is {@link defaultKeyProfile}; the rock profile of Temperley & de Clercq does better on modal and
 * blues harmony and worse on functional harmony, by as much as it gains. The others stay for
 * comparison and for music they fit better (EDMA for electronic dance music, for example).
 *
 * @module
 */

/** Major and minor weights, index 0 = tonic, 1 = minor second above it, …, 11 = major seventh. */
export interface KeyProfile {
  readonly major: ReadonlyArray<number>
  readonly minor: ReadonlyArray<number>
}

/** The profiles mirflow knows, by name, each with its source. */
export const keyProfiles = {
  /** Probe-tone ratings: C. L. Krumhansl, E. J. Kessler, Psychological Review 89(4), 1982 (librosa-era default). */
  krumhansl: {
    major: [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88],
    minor: [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17],
  },
  /** Revised profiles: D. Temperley, "What's key for key?", Music Perception 17(1), 1999. */
  temperley: {
    major: [5.0, 2.0, 3.5, 2.0, 4.5, 4.0, 2.0, 4.5, 2.0, 3.5, 1.5, 4.0],
    minor: [5.0, 2.0, 3.5, 4.5, 2.0, 4.0, 2.0, 4.5, 3.5, 2.0, 1.5, 4.0],
  },
  /** Kostka-Payne corpus frequencies: D. Temperley, MIREX 2005 / "Music and Probability" (2007). */
  temperley2005: {
    major: [0.748, 0.06, 0.488, 0.082, 0.67, 0.46, 0.096, 0.715, 0.104, 0.366, 0.057, 0.4],
    minor: [0.712, 0.084, 0.474, 0.618, 0.049, 0.46, 0.105, 0.747, 0.404, 0.067, 0.133, 0.33],
  },
  /** Corpus of 490 pieces: J. Albrecht, D. Shanahan, Music Perception 31(1), 2013. */
  albrechtShanahan: {
    major: [0.238, 0.006, 0.111, 0.006, 0.137, 0.094, 0.016, 0.214, 0.009, 0.08, 0.008, 0.081],
    minor: [0.22, 0.006, 0.104, 0.123, 0.019, 0.103, 0.012, 0.214, 0.062, 0.022, 0.061, 0.052],
  },
  /** Essen folk-song corpus: B. Aarden, PhD thesis, Ohio State University, 2003. */
  aardenEssen: {
    major: [
      17.7661, 0.145624, 14.9265, 0.160186, 19.8049, 11.3587, 0.291248, 22.062, 0.145624, 8.15494, 0.232998,
      4.95122,
    ],
    minor: [
      18.2648, 0.737619, 14.0499, 16.8599, 0.702494, 14.4362, 0.702494, 18.6161, 4.56621, 1.93186, 7.37619,
      1.75623,
    ],
  },
  /** H. Bellman, "About the determination of key of a musical excerpt", CMMR 2005 (Budge's chord statistics). */
  bellmanBudge: {
    major: [16.8, 0.86, 12.95, 1.41, 13.49, 11.93, 1.25, 20.28, 1.8, 8.04, 0.62, 10.57],
    minor: [18.16, 0.69, 12.99, 13.34, 1.07, 11.15, 1.38, 21.07, 7.49, 1.53, 0.92, 10.21],
  },
  /** Krumhansl's profiles tuned to popular music: I. Sha'ath, libKeyFinder (2011). */
  shaath: {
    major: [6.6, 2.0, 3.5, 2.3, 4.6, 4.0, 2.5, 5.2, 2.4, 3.7, 2.3, 3.4],
    minor: [6.5, 2.7, 3.5, 5.4, 2.6, 3.5, 2.5, 5.2, 4.0, 2.7, 4.3, 3.2],
  },
  /**
   * Rock harmony: the pitch classes of the chords in the Rolling Stone corpus of 200 rock songs
   * (D. Temperley, T. de Clercq, "Statistical analysis of harmony and melody in rock music", Journal
   * of New Music Research 42(3), 2013; the distributions as reported by D. Vuvan, B. Hughes, Music
   * Perception 38(3), 2021). Weighs ♭VII and ♭III more than the classical profiles do.
   */
  temperleyDeClercq: {
    major: [0.231, 0.002, 0.091, 0.004, 0.149, 0.111, 0.004, 0.193, 0.004, 0.126, 0.011, 0.076],
    minor: [0.202, 0.006, 0.102, 0.127, 0.047, 0.113, 0.005, 0.177, 0.046, 0.051, 0.09, 0.034],
  },
  /** Electronic dance music: Á. Faraldo et al., "Key estimation in electronic dance music", ECIR 2016 (Essentia "edma"). */
  edma: {
    major: [1.0, 0.2875, 0.502, 0.4048, 0.605, 0.5614, 0.3205, 0.7966, 0.3159, 0.4506, 0.4202, 0.3889],
    minor: [1.0, 0.3096, 0.4415, 0.5827, 0.3262, 0.4948, 0.2889, 0.7804, 0.4328, 0.2903, 0.5331, 0.3217],
  },
} as const satisfies Record<string, KeyProfile>

export type KeyProfileName = keyof typeof keyProfiles

/** The profile {@link estimateKey} uses unless told otherwise. */
export const defaultKeyProfile: KeyProfileName = "albrechtShanahan"

/**
 * From an analysis to what the classifier takes: the feature vector in the order the model card
 * names its features, and the tempo and key estimates for the heads the card leaves to them.
 *
 * @module
 */
import type { ClassifierInput } from "../../model/classifier.ts"
import { featureVectorNames } from "../../schema/features.ts"
import type { ModelCard } from "../../schema/model-card.ts"
import type { AnalysedClip } from "../analysis/jobs.ts"

/**
 * The classifier's input for an analysed clip. The feature vector follows `card.feature_names` when
 * they are the analysis' names, and mirflow's own order ({@link featureVectorNames}) otherwise (a
 * card written with generic `feature_1…` names).
 */
export const classifierClip = (clip: AnalysedClip, card: ModelCard): ClassifierInput => {
  const named = card.feature_names.every((name) => name in clip.features)
  const names = named ? card.feature_names : featureVectorNames.slice(0, card.feature_size)
  return {
    mel: clip.mel,
    features: Float32Array.from(names, (name) => clip.features[name] ?? 0),
    tempo: clip.tempo,
    key: clip.key,
  }
}

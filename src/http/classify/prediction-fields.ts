/**
 * The classifier's prediction in the API's shape (`genre`, `mood`, `bpm`, `key`), with
 * probabilities clamped to [0, 1] (averaged float32 softmax outputs can land a hair outside).
 *
 * @module
 */
import type { ClassPrediction, ClassScore, Prediction } from "../../model/classifier.ts"
import type { ModelCard } from "../../schema/model-card.ts"

const unit = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0)

const score = (s: ClassScore) => ({ label: s.label, confidence: unit(s.confidence) })

const classHead = (p: ClassPrediction) => ({ ...score(p), top3: p.top3.map(score) })

/** The heads of a prediction, as the response schemas name them. */
export const predictionFields = (prediction: Prediction) => ({
  ...(prediction.genre !== undefined && { genre: classHead(prediction.genre) }),
  ...(prediction.mood !== undefined && { mood: classHead(prediction.mood) }),
  ...(prediction.bpm !== undefined && {
    bpm: {
      value: prediction.bpm.value,
      confidence: unit(prediction.bpm.confidence),
      source: prediction.bpm.source,
    },
  }),
  ...(prediction.key !== undefined && {
    key: { ...classHead(prediction.key), source: prediction.key.source },
  }),
})

/** The `model` object of the responses. */
export const modelInfo = (card: ModelCard) => ({ name: card.name, version: card.version })

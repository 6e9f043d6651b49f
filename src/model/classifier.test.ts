import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeServices } from "@effect/platform-node"
import { Effect, Exit, Schema } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { tinyTraining, writeSyntheticDataset } from "../../test/support/synthetic-dataset.ts"
import { ModelCard } from "../schema/model-card.ts"
import { Classifier, makeClassifier } from "./classifier.ts"
import { predictClips } from "./clip-prediction.ts"
import type { Dataset } from "./dataset.ts"
import { exampleInput } from "./evaluate.ts"
import { readModel } from "./model-files.ts"
import { openSession } from "./onnx/session.ts"
import type { TrainingOutcome } from "./train.ts"
import { trainToDirectory } from "./training-run.ts"

const run = <A, E>(effect: Effect.Effect<A, E, NodeServices.NodeServices>) =>
  Effect.runPromise(effect.pipe(Effect.provide(NodeServices.layer)))

let modelDir = ""
let outcome: TrainingOutcome
let dataset: Dataset

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "mirflow-classifier-"))
  const manifest = writeSyntheticDataset(join(dir, "data"), {
    clips: 24,
    frames: [20, 90],
    moods: ["calm", "tense"],
  })
  modelDir = join(dir, "model")
  const result = await run(
    trainToDirectory(manifest, modelDir, { training: { ...tinyTraining, epochs: 3 }, tty: false }),
  )
  outcome = result.outcome
  dataset = result.dataset
})

describe("the exported model", () => {
  it("gives the evaluation graph's outputs (any clip length, windows averaged)", async () => {
    const { onnx, card } = await run(readModel(modelDir))
    const held = outcome.evaluation.indices.map((i) => dataset.examples[i]!)
    const exported = await run(
      Effect.scoped(
        Effect.gen(function* () {
          const session = yield* openSession(onnx, { intraOpThreads: 1 })
          return yield* predictClips(
            (feeds) => session.run(feeds),
            held.map((e) => ({ mel: e, features: e.features })),
            {
              windowFrames: card.preprocessing_config.window_frames,
              hopFrames: card.preprocessing_config.window_hop_frames,
              maxBatch: 7,
            },
          )
        }),
      ),
    )
    expect(exported.length).toBeGreaterThan(0)
    exported.forEach((out, k) => {
      const expected = outcome.evaluation.outputs[k]!
      expect(out.windows).toBe(expected.windows)
      for (const head of ["genre", "mood"] as const) {
        const a = out.probabilities[head]!
        const b = expected.probabilities[head]!
        for (let c = 0; c < a.length; c++) expect(Math.abs(a[c]! - b[c]!)).toBeLessThan(1e-5)
      }
    })
  })

  it("has a card that survives a schema round trip and names the heads' sources", async () => {
    const text = readFileSync(join(modelDir, "model.json"), "utf8")
    const card = Schema.decodeUnknownSync(ModelCard)(JSON.parse(text))
    expect(Schema.encodeSync(ModelCard)(card)).toEqual(JSON.parse(text))
    expect(card.heads).toEqual({ genre: "model", mood: "model", bpm: "estimator", key: "estimator" })
    expect(card.feature_size).toBe(103)
    expect(card.spectrogram_shape).toEqual([128, null])
    expect(card.class_mappings).toEqual({ genres: ["ambient", "noise", "pop"], moods: ["calm", "tense"] })
    expect(card.preprocessing_config).toMatchObject({
      sample_rate: 22050,
      n_mels: 128,
      hop_length: 512,
      feature_count: 103,
    })
    expect(card.spectrogram_normalization.mean_db).toHaveLength(128)
  })

  it("is refused when its card does not match the schema or the ONNX model", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mirflow-badcard-"))
    const card = JSON.parse(readFileSync(join(modelDir, "model.json"), "utf8"))
    writeFileSync(join(dir, "model.onnx"), readFileSync(join(modelDir, "model.onnx")))
    writeFileSync(
      join(dir, "model.json"),
      JSON.stringify({ ...card, feature_names: card.feature_names.slice(1) }),
    )
    const invalid = await Effect.runPromiseExit(readModel(dir).pipe(Effect.provide(NodeServices.layer)))
    expect(JSON.stringify(invalid)).toContain("ModelCardInvalid")
    writeFileSync(
      join(dir, "model.json"),
      JSON.stringify({ ...card, outputs: { ...card.outputs, key: "probabilities" } }),
    )
    const mismatched = await Effect.runPromiseExit(
      Effect.scoped(makeClassifier({ modelDirectory: dir })).pipe(Effect.provide(NodeServices.layer)),
    )
    expect(Exit.isFailure(mismatched)).toBe(true)
    expect(JSON.stringify(mismatched)).toContain("outputs")
  })
})

describe("Classifier", () => {
  it("classifies clips in either mel layout, batched or one by one, with the estimators answering BPM and key", async () => {
    const clips = dataset.examples.slice(0, 5)
    const { batched, single, frameMajor } = await run(
      Effect.gen(function* () {
        const classifier = yield* Classifier
        const inputs = clips.map(exampleInput)
        const batched = yield* classifier.classifyBatch(inputs)
        const single = yield* classifier.classify(inputs[1]!)
        // The same clip frame-major, as the stream stages deliver it.
        const e = clips[1]!
        const data = new Float32Array(e.mel.length)
        for (let b = 0; b < e.melBands; b++)
          for (let t = 0; t < e.frames; t++) data[t * e.melBands + b] = e.mel[b * e.frames + t]!
        const frameMajor = yield* classifier.classify({
          ...inputs[1]!,
          mel: { frames: e.frames, bins: e.melBands, data },
        })
        return { batched, single, frameMajor }
      }).pipe(Effect.provide(Classifier.layer({ modelDirectory: modelDir, maxBatch: 3, threads: 1 }))),
    )
    expect(batched).toHaveLength(5)
    for (const p of batched) {
      expect(["ambient", "noise", "pop"]).toContain(p.genre!.label)
      expect(p.genre!.top3).toHaveLength(3)
      expect(p.genre!.top3[0]).toEqual({ label: p.genre!.label, confidence: p.genre!.confidence })
      expect(p.genre!.top3.reduce((s, c) => s + c.confidence, 0)).toBeCloseTo(1, 5)
      expect(p.mood!.top3).toHaveLength(2)
      expect(p.bpm).toEqual({ value: 100, confidence: 0.5, source: "estimator" })
      expect(p.key).toMatchObject({ label: "A minor", source: "estimator" })
    }
    expect(single.genre!.confidence).toBeCloseTo(batched[1]!.genre!.confidence, 6)
    expect(frameMajor.genre!.confidence).toBeCloseTo(batched[1]!.genre!.confidence, 6)
    expect(frameMajor.windows).toBe(single.windows)
  })

  it("rejects a clip that does not fit the model", async () => {
    const exit = await Effect.runPromiseExit(
      Effect.gen(function* () {
        const classifier = yield* Classifier
        const e = dataset.examples[0]!
        return yield* classifier.classify({ mel: e, features: e.features.subarray(1) })
      }).pipe(
        Effect.provide(Classifier.layer({ modelDirectory: modelDir })),
        Effect.provide(NodeServices.layer),
      ),
    )
    expect(JSON.stringify(exit)).toContain("ClipInvalid")
  })
})

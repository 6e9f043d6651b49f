import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { tinyTraining, writeSyntheticDataset } from "../../test/support/synthetic-dataset.ts"
import { loadDataset } from "./dataset.ts"
import { defaultTrainModelOptions, trainModel } from "./train.ts"

const run = <A, E>(effect: Effect.Effect<A, E, NodeServices.NodeServices>) =>
  Effect.runPromise(effect.pipe(Effect.provide(NodeServices.layer)))

const temp = () => mkdtempSync(join(tmpdir(), "mirflow-train-"))

describe("trainModel", () => {
  it("learns genre, mood and tempo from a synthetic dataset with missing labels", async () => {
    const dir = temp()
    const manifest = writeSyntheticDataset(dir, {
      clips: 48,
      frames: [40, 90],
      moods: ["calm", "tense"],
      missingMood: 0.3,
      bpm: true,
    })
    const outcome = await run(
      Effect.gen(function* () {
        const { examples } = yield* loadDataset(manifest)
        return yield* trainModel(examples, { ...defaultTrainModelOptions, ...tinyTraining, epochs: 10 }, dir)
      }),
    )
    expect(outcome.layout.genre).toEqual(["ambient", "noise", "pop"])
    expect(outcome.layout.mood).toEqual(["calm", "tense"])
    expect(outcome.layout.bpm).toBe(true)
    expect(outcome.layout.key).toBeUndefined()
    const history = outcome.network.history
    // Every head trains (its loss is finite) although a third of the clips have no mood.
    expect(Object.keys(history[0]!.trainHeads).sort()).toEqual(["bpm", "genre", "mood"])
    for (const r of history)
      for (const v of Object.values(r.trainHeads)) expect(Number.isFinite(v)).toBe(true)
    expect(history[history.length - 1]!.trainLoss).toBeLessThan(history[0]!.trainLoss * 0.7)
    const m = outcome.evaluation.metrics
    expect(outcome.evaluation.kind).toBe("validation-split")
    // Chance is 1/3 for genre and 1/2 for mood.
    expect(m.genre!.accuracy).toBeGreaterThanOrEqual(0.8)
    expect(m.mood!.count).toBeLessThan(outcome.evaluation.indices.length + 1)
    expect(m.mood!.accuracy).toBeGreaterThan(0.6)
    expect(m.bpm!.count).toBe(outcome.evaluation.indices.length)
  })

  it("leaves out the heads whose labels the data lacks", async () => {
    const dir = temp()
    const manifest = writeSyntheticDataset(dir, { clips: 12, frames: 40 })
    const outcome = await run(
      Effect.gen(function* () {
        const { examples } = yield* loadDataset(manifest)
        return yield* trainModel(examples, { ...defaultTrainModelOptions, ...tinyTraining, epochs: 1 }, dir)
      }),
    )
    expect(outcome.layout).toEqual({ genre: ["ambient", "noise", "pop"], bpm: false })
    expect(Object.keys(outcome.network.history[0]!.trainHeads)).toEqual(["genre"])
    expect(Object.keys(outcome.evaluation.outputs[0]!.probabilities)).toEqual(["genre"])
    expect(outcome.evaluation.outputs[0]!.bpm).toBeUndefined()
  })
})

import { existsSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeServices } from "@effect/platform-node"
import { Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { tinyTraining, writeSyntheticDataset } from "../../test/support/synthetic-dataset.ts"
import { defaultArchitecture } from "./architecture.ts"
import { type Example, loadDataset } from "./dataset.ts"
import { headLayoutOf, targetsOf } from "./heads.ts"
import { stratifiedSplit } from "./split.ts"
import { defaultTrainOptions, type TrainingObserver, trainNetwork } from "./train-network.ts"

const run = <A, E>(effect: Effect.Effect<A, E, NodeServices.NodeServices>) =>
  Effect.runPromiseExit(effect.pipe(Effect.provide(NodeServices.layer)))

class Interrupted {
  readonly _tag = "Interrupted"
}

describe("trainNetwork checkpoints", () => {
  it("a run interrupted after epoch 2 and resumed ends exactly where an uninterrupted run ends", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mirflow-resume-"))
    const manifest = writeSyntheticDataset(dir, {
      clips: 18,
      frames: [40, 70],
      moods: ["a", "b"],
      missingMood: 0.3,
    })
    const loaded = await run(loadDataset(manifest))
    if (!Exit.isSuccess(loaded)) throw new Error("dataset")
    const examples: ReadonlyArray<Example> = loaded.value.examples
    const layout = headLayoutOf(examples)
    const targets = targetsOf(examples, layout)
    const config = { ...defaultArchitecture(layout), ...tinyTraining.architecture }
    const options = {
      ...defaultTrainOptions,
      ...tinyTraining,
      epochs: 4,
      augment: { ...defaultTrainOptions.augment, specAugment: 0.5 },
    }
    const split = stratifiedSplit(
      examples.map((e) => e.labels.genre!),
      0.25,
      1,
    )
    const train = (checkpointPath: string | undefined, observer?: TrainingObserver) =>
      run(
        Effect.scoped(
          trainNetwork(examples, targets, config, split, options, {
            ...(checkpointPath !== undefined && { checkpointPath }),
            fingerprint: "test",
            ...(observer !== undefined && { observer }),
          }),
        ),
      )

    const uninterrupted = await train(undefined)
    const checkpoint = join(dir, "run.ckpt")
    const stopAfter2: TrainingObserver = {
      epoch: (r) => (r.epoch === 2 ? Effect.die(new Interrupted()) : Effect.void),
    }
    const first = await train(checkpoint, stopAfter2)
    expect(Exit.isFailure(first)).toBe(true)
    expect(existsSync(checkpoint)).toBe(true)
    const epochsSeen: number[] = []
    const resumed = await train(checkpoint, { epoch: (r) => Effect.sync(() => epochsSeen.push(r.epoch)) })
    if (!Exit.isSuccess(uninterrupted) || !Exit.isSuccess(resumed))
      throw new Error(
        `training failed: ${String(Exit.isFailure(uninterrupted) ? uninterrupted.cause : Exit.isFailure(resumed) ? resumed.cause : "")}`,
      )
    expect(epochsSeen).toEqual([3, 4])
    const a = uninterrupted.value
    const b = resumed.value
    expect(b.history.map((r) => r.trainLoss)).toEqual(a.history.map((r) => r.trainLoss))
    expect(b.bestEpoch).toBe(a.bestEpoch)
    for (const v of a.variables.list()) expect(b.variables.get(v.name)!.value).toEqual(v.value)
    expect(b.validationOutputs).toEqual(a.validationOutputs)

    // A checkpoint of another run (another fingerprint) is refused, not silently resumed.
    const other = await run(
      Effect.scoped(
        trainNetwork(examples, targets, config, split, options, {
          checkpointPath: checkpoint,
          fingerprint: "other",
        }),
      ),
    )
    expect(Exit.isFailure(other)).toBe(true)
    expect(JSON.stringify(other)).toContain("CheckpointInvalid")
  })
})

/**
 * The values a training step carries from one run to the next: variables, optimizer state, the
 * step count, and the Dropout seed.
 *
 * @module
 */
import { Effect } from "effect"
import * as ort from "onnxruntime-node"
import type { OnnxFeedError, OnnxRunError } from "../../schema/errors/model.ts"
import { ortType } from "./dtype.ts"
import { SEED_INPUT } from "./graph.ts"
import type { Feeds, OnnxSession } from "./session.ts"
import { fail } from "./shape.ts"
import { StepNames, type TrainStepModel } from "./train-step.ts"
import type { VariableStore } from "./variables.ts"

/** A serialisable copy of a training state (resume after an interruption). */
export interface TrainCheckpoint {
  /** Steps taken. */
  readonly step: number
  /** Every carried input's values, row-major. */
  readonly values: Readonly<Record<string, Float32Array | Float64Array>>
}

const tensorOf = (
  dtype: "float" | "double",
  data: Float32Array | Float64Array,
  shape: ReadonlyArray<number>,
) =>
  new ort.Tensor(ortType[dtype], dtype === "float" ? Float32Array.from(data) : Float64Array.from(data), [
    ...shape,
  ])

/**
 * Current values of a {@link TrainStepModel}'s carried inputs. After each run, {@link advance}
 * maps every `*.next` output back to the input it replaces (the result tensors are fed as they
 * are, without copying).
 *
 * @example
 * const state = TrainState.init(step, store)
 * const out = yield* runTrainStep(session, state, { x, y }, 1e-3)
 * state.writeBack(store) // before exporting the inference model
 */
export class TrainState {
  private readonly values: Map<string, ort.Tensor>
  private readonly model: TrainStepModel
  private readonly seed: number
  private steps: number

  private constructor(model: TrainStepModel, values: Map<string, ort.Tensor>, step: number, seed: number) {
    this.model = model
    this.values = values
    this.steps = step
    this.seed = seed
  }

  /**
   * Starts from the variables' current values in `store` and zero optimizer state.
   *
   * @param options.seed - base of the Dropout seeds (step `t` uses `seed + t`). Default 0.
   */
  static init(
    model: TrainStepModel,
    store: VariableStore,
    options: { readonly seed?: number } = {},
  ): TrainState {
    const values = new Map<string, ort.Tensor>()
    for (const c of model.carried) {
      const variable =
        store.get(c.variable) ?? fail("TrainState", `the store has no variable "${c.variable}"`)
      const size = c.shape.reduce((n, d) => n * d, 1)
      const data =
        c.kind === "variable"
          ? variable.value
          : c.dtype === "float"
            ? new Float32Array(size)
            : new Float64Array(size)
      values.set(c.input, tensorOf(c.dtype, data, c.shape))
    }
    return new TrainState(model, values, 0, options.seed ?? 0)
  }

  /** Resumes from a {@link checkpoint}. */
  static restore(
    model: TrainStepModel,
    checkpoint: TrainCheckpoint,
    options: { readonly seed?: number } = {},
  ): TrainState {
    const values = new Map<string, ort.Tensor>()
    for (const c of model.carried) {
      const data =
        checkpoint.values[c.input] ?? fail("TrainState", `the checkpoint has no value for "${c.input}"`)
      values.set(c.input, tensorOf(c.dtype, data, c.shape))
    }
    return new TrainState(model, values, checkpoint.step, options.seed ?? 0)
  }

  /** Steps taken so far. */
  get step(): number {
    return this.steps
  }

  /** Everything the next run needs: carried values, the batch, learning rate, step and seed. */
  feeds(batch: Feeds, learningRate: number): Feeds {
    const t = this.steps + 1
    const feeds: Record<string, ort.Tensor> = Object.fromEntries(this.values)
    Object.assign(feeds, batch)
    feeds[StepNames.learningRate] = new ort.Tensor("float32", Float32Array.of(learningRate), [])
    feeds[StepNames.step] = new ort.Tensor("int64", BigInt64Array.of(BigInt(t)), [])
    if (this.model.seeded)
      feeds[SEED_INPUT] = new ort.Tensor("int64", BigInt64Array.of(BigInt(this.seed + t)), [])
    return feeds
  }

  /** Takes the step's outputs as the new carried values. */
  advance(results: Readonly<Record<string, ort.Tensor>>): void {
    for (const c of this.model.carried) {
      if (c.output === undefined) continue
      this.values.set(
        c.input,
        results[c.output] ?? fail("TrainState", `the run did not return "${c.output}"`),
      )
    }
    this.steps++
  }

  /** Current variable values (no optimizer state), as feeds for an evaluation step. */
  variableFeeds(): Feeds {
    return Object.fromEntries(
      this.model.carried
        .filter((c) => c.kind === "variable")
        .map((c) => [c.input, this.values.get(c.input)!]),
    )
  }

  /** Copies the current variable values into `store` (before exporting the inference model). */
  writeBack(store: VariableStore): void {
    for (const c of this.model.carried)
      if (c.kind === "variable")
        store.set(c.variable, this.values.get(c.input)!.data as Float32Array | Float64Array)
  }

  /** A copy of the whole state (variables, optimizer slots, step). */
  checkpoint(): TrainCheckpoint {
    const values: Record<string, Float32Array | Float64Array> = {}
    for (const [name, t] of this.values) values[name] = (t.data as Float32Array | Float64Array).slice()
    return { step: this.steps, values }
  }
}

/** What one training step reports. */
export interface StepResult {
  readonly loss: number
  /** Global gradient norm before clipping. */
  readonly gradNorm: number
  /** The model's extra outputs. */
  readonly outputs: Readonly<Record<string, ort.Tensor>>
}

/**
 * Runs one training step on `batch` at `learningRate` and advances `state`.
 */
export const runTrainStep = (
  session: OnnxSession,
  state: TrainState,
  batch: Feeds,
  learningRate: number,
): Effect.Effect<StepResult, OnnxFeedError | OnnxRunError> =>
  session.run(state.feeds(batch, learningRate)).pipe(
    Effect.map((results) => {
      state.advance(results)
      return {
        loss: Number(results[StepNames.loss]!.data[0]),
        gradNorm: Number(results[StepNames.gradNorm]!.data[0]),
        outputs: results,
      }
    }),
  )

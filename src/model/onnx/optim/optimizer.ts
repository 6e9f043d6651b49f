/**
 * The optimizer interface: the update of each trainable variable, written into the step graph.
 *
 * @module
 */
import type { Tensor } from "../graph.ts"

/** Per-step scalars every update reads. */
export interface StepScalars {
  /** Learning rate, a float scalar input (schedules change it without rebuilding). */
  readonly lr: Tensor
  /** 1-based index of this step, as a float scalar (bias corrections). */
  readonly step: Tensor
}

/** One variable's update. */
export interface VariableUpdate {
  readonly value: Tensor
  readonly grad: Tensor
  /** Current optimizer state, in the order of {@link Optimizer.slots}. */
  readonly slots: ReadonlyArray<Tensor>
  /** Whether weight decay applies to this variable. */
  readonly decay: boolean
}

/** A gradient-based optimizer whose update is part of the training graph. */
export interface Optimizer {
  readonly name: string
  /** Names of the per-variable state tensors (shaped like the variable, zero at step 0). */
  readonly slots: ReadonlyArray<string>
  /**
   * Called once per graph with the step scalars (so shared scalar work such as bias corrections is
   * emitted once); returns the update applied to each variable.
   */
  readonly begin: (scalars: StepScalars) => (u: VariableUpdate) => {
    readonly value: Tensor
    readonly slots: ReadonlyArray<Tensor>
  }
}

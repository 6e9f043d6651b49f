/**
 * The learning-rate schedule: linear warmup, then cosine decay.
 *
 * @module
 */

export interface ScheduleOptions {
  /** Peak learning rate, reached at the end of the warmup. */
  readonly peak: number
  /** Steps of linear warmup from `peak / warmupSteps` to `peak`. */
  readonly warmupSteps: number
  /** Total steps; the rate reaches `floor · peak` at the last one. */
  readonly totalSteps: number
  /** Final rate as a fraction of the peak. Default 0.01. */
  readonly floor?: number
}

/**
 * Learning rate at step `step` (1-based, as the training step counts): `peak · step / warmup` during
 * the warmup, then `floor + (1 − floor)·(1 + cos(π·p))/2` times the peak, `p` going from 0 to 1 over
 * the remaining steps. torch: `LinearLR` then `CosineAnnealingLR` in a `SequentialLR`. Reference:
 * Loshchilov & Hutter, "SGDR", ICLR 2017; Goyal et al. 2017 (warmup).
 */
export const learningRateAt = (step: number, options: ScheduleOptions): number => {
  const { peak, warmupSteps, totalSteps } = options
  const floor = options.floor ?? 0.01
  if (step <= warmupSteps) return (peak * Math.max(step, 1)) / Math.max(warmupSteps, 1)
  const p = Math.min(1, (step - warmupSteps) / Math.max(totalSteps - warmupSteps, 1))
  return peak * (floor + ((1 - floor) * (1 + Math.cos(Math.PI * p))) / 2)
}

/**
 * Layers: ops bundled with the variables they own, named like PyTorch's `state_dict` entries
 * (`<name>.weight`, `<name>.bias`, `<name>.running_mean`, `<name>.running_var`).
 *
 * @module
 */
import type { Tensor } from "./graph.ts"
import { type ConvOptions, conv } from "./ops/conv.ts"
import { linear } from "./ops/matmul.ts"
import { type BatchNormOptions, batchNorm, layerNorm } from "./ops/norm.ts"
import { fail, formatShape } from "./shape.ts"
import { heNormal, type Initializer, ones, uniformFanIn, zeros } from "./variables.ts"

const staticDim = (op: string, x: Tensor, axis: number): number => {
  const d = x.shape[axis]
  return typeof d === "number" ? d : fail(op, `axis ${axis} of ${formatShape(x.shape)} must be static`)
}

export interface ConvLayerOptions extends ConvOptions {
  readonly outChannels: number
  /** Kernel size per spatial axis. */
  readonly kernel: ReadonlyArray<number>
  /** Add a bias. Default true (turn off before a batch norm). */
  readonly bias?: boolean
  /** Weight initializer. Default He normal (for ReLU networks). */
  readonly init?: Initializer
}

/** A convolution with its `weight [O, C, ...kernel]` and optional `bias [O]`. torch: `nn.Conv1d` / `nn.Conv2d`. */
export const convLayer = (x: Tensor, name: string, options: ConvLayerOptions): Tensor => {
  const g = x.graph
  const inChannels = staticDim("convLayer", x, 1)
  const shape = [options.outChannels, inChannels, ...options.kernel]
  const weight = g.variable(`${name}.weight`, { shape, init: options.init ?? heNormal })
  const fan = shape.slice(1).reduce((n, d) => n * d, 1)
  const bias =
    (options.bias ?? true)
      ? g.variable(`${name}.bias`, { shape: [options.outChannels], init: uniformFanIn(fan) })
      : undefined
  return conv(x, weight, bias, options)
}

export interface LinearLayerOptions {
  readonly outFeatures: number
  /** Default true. */
  readonly bias?: boolean
  /** Weight initializer. Default PyTorch's (uniform ±1/√fan_in). */
  readonly init?: Initializer
}

/** A fully connected layer with `weight [out, in]` and `bias [out]`. torch: `nn.Linear`. */
export const linearLayer = (x: Tensor, name: string, options: LinearLayerOptions): Tensor => {
  const g = x.graph
  const inFeatures = staticDim("linearLayer", x, x.shape.length - 1)
  const weight = g.variable(`${name}.weight`, {
    shape: [options.outFeatures, inFeatures],
    init: options.init ?? uniformFanIn(),
  })
  const bias =
    (options.bias ?? true)
      ? g.variable(`${name}.bias`, { shape: [options.outFeatures], init: uniformFanIn(inFeatures) })
      : undefined
  return linear(x, weight, bias)
}

/**
 * Batch normalisation with `weight`, `bias` and running statistics (not trainable, updated by the
 * training step). torch: `nn.BatchNorm1d` / `nn.BatchNorm2d` (torch momentum 0.1 = ours 0.9).
 */
export const batchNormLayer = (x: Tensor, name: string, options: BatchNormOptions = {}): Tensor => {
  const g = x.graph
  const c = [staticDim("batchNormLayer", x, 1)]
  return batchNorm(
    x,
    {
      scale: g.variable(`${name}.weight`, { shape: c, init: ones, decay: false }),
      bias: g.variable(`${name}.bias`, { shape: c, init: zeros }),
      runningMean: g.variable(`${name}.running_mean`, { shape: c, init: zeros, trainable: false }),
      runningVar: g.variable(`${name}.running_var`, { shape: c, init: ones, trainable: false }),
    },
    options,
  )
}

/** Layer normalisation over the last axis with `weight` and `bias`. torch: `nn.LayerNorm(features)`. */
export const layerNormLayer = (
  x: Tensor,
  name: string,
  options: { readonly epsilon?: number } = {},
): Tensor => {
  const g = x.graph
  const d = [staticDim("layerNormLayer", x, x.shape.length - 1)]
  return layerNorm(
    x,
    g.variable(`${name}.weight`, { shape: d, init: ones, decay: false }),
    g.variable(`${name}.bias`, { shape: d, init: zeros }),
    options,
  )
}

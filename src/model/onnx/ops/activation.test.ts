import { describe, it } from "vitest"
import { expectGradients, gradCheck, spaced } from "../../../../test/support/gradcheck.ts"
import { gelu, leakyRelu, logSoftmax, relu, sigmoid, softmax, softplus, tanh } from "./activation.ts"
import { add } from "./elementwise.ts"

describe("activation gradients (central differences)", () => {
  it("relu and leaky relu away from the kink, float64", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { x: { shape: [3, 7], values: spaced(21, 2) } },
      build: ({ x }) => add(relu(x!), leakyRelu(x!, 0.1)),
    })
    expectGradients(r, 1e-6)
  })

  it("sigmoid, tanh, softplus, float64", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { x: { shape: [4, 5] } },
      build: ({ x }) => add(add(sigmoid(x!), tanh(x!)), softplus(x!)),
    })
    expectGradients(r, 1e-6)
  })

  // ORT implements Erf for float32 only.
  it("gelu (exact, erf form), float32", async () => {
    const r = await gradCheck({
      dtype: "float",
      inputs: { x: { shape: [4, 6], values: spaced(24, 3, 0.25) } },
      build: ({ x }) => gelu(x!),
    })
    expectGradients(r, 1e-3)
  })

  it("softmax and log-softmax along a middle axis, float64", async () => {
    const r = await gradCheck({
      dtype: "double",
      inputs: { x: { shape: [2, 4, 3] } },
      build: ({ x }) => add(softmax(x!, 1), logSoftmax(x!, 1)),
    })
    expectGradients(r, 1e-6)
  })
})

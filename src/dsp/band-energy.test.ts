import { describe, expect, it } from "vitest"
import { bandPowerRatios } from "./band-energy.ts"

describe("bandPowerRatios", () => {
  const binHz = 22050 / 2048

  it("splits the power at the band edges, summed over frames", () => {
    // Bin 23 lies at 247.7 Hz (below 250), bin 24 at 258.4 Hz; bin 371 at 3995 Hz, bin 372 at 4005.5 Hz (above 4000).
    expect(23 * binHz).toBeLessThan(250)
    expect(372 * binHz).toBeGreaterThan(4000)
    const data = new Float32Array(3 * 1025)
    data[23] = 1 // frame 0, low band
    data[1025 + 24] = 2 // frame 1, middle
    data[1025 + 371] = 3 // frame 1, middle
    data[2 * 1025 + 372] = 4 // frame 2, high band
    const [low, high] = bandPowerRatios({ frames: 3, bins: 1025, data })
    expect(low).toBeCloseTo(1 / 10, 12)
    expect(high).toBeCloseTo(4 / 10, 12)
  })

  it("gives zeros for silence and for no frames", () => {
    expect(bandPowerRatios({ frames: 2, bins: 1025, data: new Float32Array(2050) })).toEqual([0, 0])
    expect(bandPowerRatios({ frames: 0, bins: 1025, data: new Float32Array(0) })).toEqual([0, 0])
  })
})

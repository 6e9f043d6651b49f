/**
 * `npx tsx scripts/resample-quality.ts`: measures the resampler end to end for every common input rate
 * to 22050 Hz, with one-second sines: the worst passband gain error (20 Hz to 0.9 of the lower Nyquist
 * frequency, every 50 Hz), the worst phase error there, and the loudest alias or image (every 25 Hz
 * from 11025 Hz to 13 kHz, every 250 Hz above, up to the input's Nyquist; for upsampling, everything
 * but the tone itself). Prints a Markdown table. Takes a minute or two.
 */

import { resample } from "../src/dsp/resample.ts"
import { planResampleFilters } from "../src/dsp/resample-filter.ts"
import { db, fitSine, rms, sine } from "../test/support/tones.ts"

const out = 22050
const edge = 300

const rows: Array<string> = []
for (const rate of [8000, 11025, 16000, 24000, 32000, 37800, 44100, 48000, 88200, 96000, 176400, 192000]) {
  const top = (0.9 * Math.min(rate, out)) / 2
  let ripple = 0
  let phase = 0
  let worstAlias = Number.NEGATIVE_INFINITY
  let worstAt = 0
  const passband = Array.from({ length: Math.ceil((top - 20) / 50) }, (_, i) => 20 + 50 * i).concat(top)
  for (const f of passband) {
    const y = resample(sine(f, rate, rate), rate, out)
    const fit = fitSine(y, f, out, edge, y.length - edge)
    ripple = Math.max(ripple, Math.abs(db(fit.amplitude)))
    phase = Math.max(phase, Math.abs(Math.atan2(fit.b, fit.a)))
    if (rate < out && db(fit.residualRms / Math.SQRT1_2) > worstAlias) {
      worstAlias = db(fit.residualRms / Math.SQRT1_2)
      worstAt = f
    }
  }
  for (let f = 11025 + 25; f < rate / 2; f += f < 13000 ? 25 : 250) {
    const y = resample(sine(f, rate, rate), rate, out)
    const level = db(rms(y, edge, y.length - edge) / Math.SQRT1_2)
    if (level > worstAlias) {
      worstAlias = level
      worstAt = f
    }
  }
  const stages = planResampleFilters(rate, out)
    .map((filter) => `${filter.inRate}→${filter.outRate} (${2 * filter.half} taps × ${filter.phases} phases)`)
    .join(", ")
  rows.push(
    `| ${rate} | ${ripple.toFixed(5)} | ${phase.toExponential(1)} | ${worstAlias.toFixed(1)} dB at ${worstAt} Hz | ${stages} |`,
  )
}
console.log("| input Hz | passband ripple, dB | phase error, rad | worst alias / image | stages |")
console.log("| --- | --- | --- | --- | --- |")
for (const row of rows) console.log(row)

/**
 * `npm run fuzz:minimise -- (--seed S --index I | --file IN) --out FILE [--timeout MS] [--match TEXT]`:
 * shrinks the fuzz input (S, I), or the file IN, to a small input with the same outcome (a finding's
 * label: `timeout`, `CorruptAudio wrapping TypeError`...), for a regression fixture. It feeds the
 * bytes in one piece, then cuts the end (binary search), then deletes blocks of halving sizes, keeping
 * each change that preserves the outcome. Decodes run on the supervised worker, so hangs shrink too
 * (a shorter `--timeout` shrinks them faster). Run it before fixing the finding (afterwards nothing
 * reproduces), or after, with `--match TEXT` to keep an error whose message contains TEXT.
 *
 * @module
 */
import { readFileSync, writeFileSync } from "node:fs"
import { parseArgs } from "node:util"
import { loadSeeds } from "./corpus.ts"
import { makeInput } from "./mutate.ts"
import { classify } from "./outcome.ts"
import { DecodeSupervisor, type SupervisedReport } from "./supervisor.ts"

/** The outcome's label, with the error message when `--match` asks to keep a particular one. */
const labelOf = (report: SupervisedReport, match?: string): string => {
  const label =
    report.kind === "timeout" ? "timeout" : report.kind === "crash" ? "crash" : classify(report).label
  if (match === undefined) return label
  return `${label}${report.kind === "error" && report.message.includes(match) ? ` matching '${match}'` : ""}`
}

/** Shrinks `bytes` while `keeps` holds; `keeps(bytes)` must hold at the start. */
const minimise = async (
  bytes: Uint8Array,
  keeps: (candidate: Uint8Array) => Promise<boolean>,
  budget = 4000,
): Promise<Uint8Array> => {
  let best = bytes
  let tries = 0
  const attempt = async (candidate: Uint8Array) => {
    tries++
    if (candidate.length < best.length && (await keeps(candidate))) {
      best = candidate
      return true
    }
    return false
  }
  // The shortest prefix: binary search over the cut.
  let low = 0
  let high = best.length
  while (low < high && tries < budget) {
    const mid = Math.floor((low + high) / 2)
    if (await attempt(best.slice(0, mid))) high = mid
    else low = mid + 1
  }
  // Delete blocks, from half the input down to single bytes.
  for (let size = best.length >> 1; size >= 1 && tries < budget; size >>= 1) {
    for (let at = 0; at + size <= best.length && tries < budget; ) {
      const candidate = new Uint8Array(best.length - size)
      candidate.set(best.subarray(0, at))
      candidate.set(best.subarray(at + size), at)
      if (!(await attempt(candidate))) at += size
    }
  }
  return best
}

const main = async () => {
  const { values } = parseArgs({
    options: {
      seed: { type: "string" },
      file: { type: "string" },
      index: { type: "string" },
      out: { type: "string" },
      timeout: { type: "string", default: "2000" },
      match: { type: "string" },
    },
  })
  const fromFuzz = values.seed !== undefined && values.index !== undefined
  if ((!fromFuzz && values.file === undefined) || values.out === undefined) {
    throw new Error(
      "usage: npm run fuzz:minimise -- (--seed S --index I | --file IN) --out FILE [--timeout MS]",
    )
  }
  const timeoutMs = Number(values.timeout)
  const seeds = loadSeeds()
  const input = fromFuzz
    ? makeInput(seeds, Number(values.seed), Number(values.index))
    : {
        index: -1,
        bytes: new Uint8Array(readFileSync(values.file!)),
        chunkSizes: undefined,
        recipe: values.file!,
      }
  const supervisor = new DecodeSupervisor(seeds.map((s) => s.bytes))
  try {
    const target = labelOf(await supervisor.decode(input.bytes, input.chunkSizes, timeoutMs), values.match)
    const whole = labelOf(await supervisor.decode(input.bytes, undefined, timeoutMs), values.match)
    if (whole !== target) {
      throw new Error(
        `#${values.index} gives '${target}' in chunks but '${whole}' in one piece; not minimised`,
      )
    }
    console.log(`${input.recipe}: '${target}', ${input.bytes.length} bytes`)
    const keeps = async (candidate: Uint8Array) =>
      labelOf(await supervisor.decode(candidate, undefined, timeoutMs), values.match) === target
    const small = await minimise(input.bytes, keeps)
    writeFileSync(values.out, small)
    console.log(`minimised to ${small.length} bytes → ${values.out}`)
  } finally {
    await supervisor.close()
  }
}

await main()

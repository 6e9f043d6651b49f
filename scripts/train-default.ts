/**
 * `npm run train:default`: rebuilds the bundled default model from scratch. Builds the Emotify
 * dataset from `../shared/data/emotify-train/` (mirflow preprocess-dataset), runs 5-fold
 * cross-validation, trains the final model on all 300 clips and writes `models/default/`
 * (model.onnx, model.json, training-log.jsonl, report.html). Prints how long each part took.
 *
 * Options: `--shared DIR` (default $MIRFLOW_SHARED, else ../shared or ../../shared), `--work DIR` (dataset build,
 * default .tmp/emotify-dataset), `--out DIR` (default models/default).
 */
import { existsSync, readFileSync } from "node:fs"
import { availableParallelism, loadavg } from "node:os"
import { join, resolve } from "node:path"
import { parseArgs } from "node:util"
import { NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { argmax } from "../src/model/metrics.ts"
import type { TrainingOutcome } from "../src/model/train.ts"
import { trainToDirectory } from "../src/model/training-run.ts"
import { buildDataset } from "../src/stream/dataset/build.ts"
import { defaultModelSettings } from "./default-model-settings.ts"

const root = resolve(import.meta.dirname, "..")
/** `../shared` beside the checkout (or beside its parent, for a git worktree in a subfolder). */
const sharedFolder = (): string =>
  [resolve(root, "../shared"), resolve(root, "../../shared")].find((d) => existsSync(join(d, "data"))) ??
  resolve(root, "../shared")
const { values } = parseArgs({
  options: {
    shared: { type: "string", default: process.env.MIRFLOW_SHARED ?? sharedFolder() },
    work: { type: "string", default: join(root, ".tmp/emotify-dataset") },
    out: { type: "string", default: join(root, "models/default") },
  },
})
const emotify = join(values.shared!, "data/emotify-train")
if (!existsSync(join(emotify, "labels.csv"))) {
  console.error(
    `train:default needs the Emotify clips at ${emotify} (labels.csv and audio/), which this machine does not have.\n` +
      "Point --shared (or MIRFLOW_SHARED) at the folder holding data/emotify-train/; nothing was trained.",
  )
  process.exit(2)
}

/** The GEMS columns of labels.csv: the share of each clip's annotators who chose each mood. */
const annotatorShares = (): Map<string, Record<string, number>> => {
  const [header, ...rows] = readFileSync(join(emotify, "labels.csv"), "utf8").trim().split("\n")
  const columns = header!.split(",")
  const shares = new Map<string, Record<string, number>>()
  for (const row of rows) {
    const cells = row.split(",")
    const file = cells[columns.indexOf("file")]!.replace(/^audio\//, "")
    shares.set(
      file,
      Object.fromEntries(
        columns.flatMap((c, i) => (c.startsWith("gems_") ? [[c.slice(5), Number(cells[i])] as const] : [])),
      ),
    )
  }
  return shares
}

/**
 * How often the cross-validated mood prediction is a mood that at least a third of the clip's
 * annotators chose: induced emotion has no single right answer, and this counts a prediction right
 * when a sizeable share of listeners felt it.
 */
const annotatorAgreement = (outcome: TrainingOutcome, filenames: ReadonlyArray<string>) => {
  const shares = annotatorShares()
  const moods = outcome.layout.mood ?? []
  let agreeing = 0
  let counted = 0
  outcome.evaluation.outputs.forEach((out, k) => {
    const p = out.probabilities.mood
    const share = shares.get(filenames[outcome.evaluation.indices[k]!]!)
    if (p === undefined || share === undefined) return
    counted++
    if ((share[moods[argmax(p)]!] ?? 0) >= 1 / 3) agreeing++
  })
  return {
    mood_annotator_agreement: {
      clips: counted,
      share: Number((agreeing / counted).toFixed(4)),
      definition:
        "fraction of clips whose predicted mood was chosen by at least 1/3 of the clip's annotators (labels.csv gems_* columns), cross-validated",
    },
  }
}

const started = performance.now()
const program = Effect.gen(function* () {
  console.error(`building the dataset from ${emotify}/audio into ${values.work} …`)
  const built = yield* buildDataset({
    input: join(emotify, "audio"),
    output: values.work!,
    name: "emotify",
    labels: join(emotify, "labels.csv"),
    features: true,
    spectrograms: true,
    concurrency: availableParallelism(),
  })
  const buildSeconds = (performance.now() - started) / 1000
  console.error(
    `dataset: ${built.manifest.total_files} clips (${built.processed} built, ${built.reused} reused) in ${buildSeconds.toFixed(0)} s`,
  )
  const { outcome, card, dataset } = yield* trainToDirectory(built.manifestPath, values.out!, {
    training: defaultModelSettings.training,
    info: defaultModelSettings.info,
    extraMetrics: (o, d) =>
      annotatorAgreement(
        o,
        d.examples.map((e) => e.filename),
      ),
  })
  const m = outcome.evaluation.metrics
  const agreement = (card.metrics as { mood_annotator_agreement?: { share: number } })
    .mood_annotator_agreement
  console.log(`\n${card.name}: ${dataset.examples.length} clips, 5-fold cross-validation on emotify-train`)
  console.log(`  genre accuracy ${m.genre?.accuracy.toFixed(3)} (macro-F1 ${m.genre?.macroF1.toFixed(3)})`)
  console.log(
    `  mood top-1 ${m.mood?.accuracy.toFixed(3)}, macro-F1 ${m.mood?.macroF1.toFixed(3)}, predicted mood chosen by ≥ 1/3 of annotators ${agreement?.share.toFixed(3)}`,
  )
  console.log(
    `time: dataset ${buildSeconds.toFixed(0)} s, cross-validation ${(outcome.seconds.total - outcome.seconds.final).toFixed(0)} s, ` +
      `final model ${outcome.seconds.final.toFixed(0)} s, total ${((performance.now() - started) / 1000).toFixed(0)} s ` +
      `(load average at the end ${loadavg()
        .map((l) => l.toFixed(1))
        .join(", ")} on ${availableParallelism()} cores)`,
  )
  console.log(`→ ${values.out}`)
})

Effect.runPromise(program.pipe(Effect.provide(NodeServices.layer))).catch((e) => {
  console.error(e)
  process.exit(1)
})

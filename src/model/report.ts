/**
 * The training report: one self-contained HTML page (inline SVG, no scripts) with the loss and
 * validation curves of every run, the evaluation metrics and the confusion matrices.
 *
 * @module
 */
import type { ModelCard } from "../schema/model-card.ts"
import type { ClassificationMetrics } from "./metrics.ts"
import type { TrainingOutcome } from "./train.ts"
import type { EpochRecord } from "./train-network.ts"

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!)

const palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"]

/** A series of `[x, y]` points with a name. */
export interface Series {
  readonly name: string
  readonly points: ReadonlyArray<readonly [number, number]>
}

/** An SVG line chart (axes, ticks, legend) of `series`. */
export const lineChart = (
  title: string,
  series: ReadonlyArray<Series>,
  options: { readonly yLabel?: string } = {},
): string => {
  const [w, h, left, right, top, bottom] = [520, 260, 48, 120, 28, 32]
  const points = series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y))
  if (points.length === 0) return ""
  const xs = points.map(([x]) => x)
  const ys = points.map(([, y]) => y)
  const [x0, x1] = [Math.min(...xs), Math.max(Math.max(...xs), Math.min(...xs) + 1)]
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)]
  if (y1 - y0 < 1e-9) [y0, y1] = [y0 - 0.5, y1 + 0.5]
  const px = (x: number) => left + ((x - x0) / (x1 - x0)) * (w - left - right)
  const py = (y: number) => top + (1 - (y - y0) / (y1 - y0)) * (h - top - bottom)
  const ticks = Array.from({ length: 5 }, (_, i) => y0 + ((y1 - y0) * i) / 4)
  const lines = series.map((s, i) => {
    const d = s.points
      .filter(([, y]) => Number.isFinite(y))
      .map(([x, y], k) => `${k === 0 ? "M" : "L"}${px(x).toFixed(1)},${py(y).toFixed(1)}`)
      .join("")
    const color = palette[i % palette.length]
    return (
      `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.6"/>` +
      `<text x="${w - right + 8}" y="${top + 14 * i + 10}" fill="${color}" font-size="11">${escapeHtml(s.name)}</text>`
    )
  })
  return `<figure><svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeHtml(title)}">
<text x="${left}" y="16" font-size="13" font-weight="600">${escapeHtml(title)}</text>
<line x1="${left}" y1="${h - bottom}" x2="${w - right}" y2="${h - bottom}" stroke="#888"/>
<line x1="${left}" y1="${top}" x2="${left}" y2="${h - bottom}" stroke="#888"/>
${ticks.map((t) => `<text x="${left - 6}" y="${py(t) + 4}" font-size="10" text-anchor="end">${t.toPrecision(3)}</text><line x1="${left}" x2="${w - right}" y1="${py(t)}" y2="${py(t)}" stroke="#eee"/>`).join("")}
<text x="${(left + w - right) / 2}" y="${h - 6}" font-size="11" text-anchor="middle">epoch (${x0}–${x1})${options.yLabel === undefined ? "" : ` · ${escapeHtml(options.yLabel)}`}</text>
${lines.join("\n")}
</svg></figure>`
}

const runCharts = (run: string, history: ReadonlyArray<EpochRecord>): string => {
  // Not one scale: training sums every head member's loss on augmented crops, validation is the
  // clip-level log-loss of the answers; each curve's shape is what matters.
  const loss: Series[] = [{ name: "train (crops)", points: history.map((r) => [r.epoch, r.trainLoss]) }]
  if (history.some((r) => r.validation !== undefined))
    loss.push({
      name: "validation (clips)",
      points: history.map((r) => [r.epoch, r.validation?.loss ?? Number.NaN]),
    })
  const heads = [...new Set(history.flatMap((r) => Object.keys(r.validation?.accuracy ?? {})))]
  const accuracy = heads.map((h) => ({
    name: h,
    points: history.map((r) => [r.epoch, r.validation?.accuracy[h] ?? Number.NaN] as const),
  }))
  return `<section><h3>${escapeHtml(run)}</h3><div class="row">${lineChart("loss", loss)}${lineChart(
    "validation accuracy (whole clips)",
    accuracy,
  )}</div></section>`
}

const confusionTable = (name: string, m: ClassificationMetrics): string => {
  const max = Math.max(1, ...m.confusion.flat())
  const cell = (v: number) => `<td style="background:rgba(31,119,180,${(0.85 * v) / max})">${v}</td>`
  return `<table class="confusion"><caption>${escapeHtml(name)}: rows are labels, columns predictions</caption>
<tr><th></th>${m.classes.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>
${m.confusion.map((row, i) => `<tr><th>${escapeHtml(m.classes[i]!)}</th>${row.map(cell).join("")}</tr>`).join("\n")}</table>`
}

/** Measures the card holds besides the per-head ones (for example annotator agreement), as a list. */
const extraMeasures = (card: ModelCard): string => {
  const standard = new Set(["evaluation", "genre", "mood", "key", "bpm", "per_fold", "estimators"])
  const extra = Object.entries(card.metrics).filter(([k]) => !standard.has(k))
  if (extra.length === 0) return ""
  return `<ul>${extra.map(([k, v]) => `<li><code>${escapeHtml(k)}</code>: ${escapeHtml(JSON.stringify(v))}</li>`).join("")}</ul>`
}

/** Renders the report of a training and its exported card. */
export const renderReport = (outcome: TrainingOutcome, card: ModelCard): string => {
  const m = outcome.evaluation.metrics
  const rows: string[] = []
  for (const head of ["genre", "mood", "key"] as const) {
    const h = m[head]
    if (h !== undefined)
      rows.push(
        `<tr><td>${head}</td><td>${h.count}</td><td>${h.accuracy.toFixed(3)}</td><td>${h.macroF1.toFixed(3)}</td><td>${h.top3Accuracy.toFixed(3)}</td><td>${head === "key" && m.key !== undefined ? `MIREX ${m.key.mirex.toFixed(3)}` : ""}</td></tr>`,
      )
  }
  if (m.bpm !== undefined)
    rows.push(
      `<tr><td>bpm</td><td>${m.bpm.count}</td><td colspan="3">MAE ${m.bpm.mae.toFixed(1)} BPM</td><td>Acc1 ${m.bpm.acc1.toFixed(3)} · Acc2 ${m.bpm.acc2.toFixed(3)}</td></tr>`,
    )
  const confusions = (["genre", "mood", "key"] as const)
    .flatMap((h) => (m[h] === undefined ? [] : [confusionTable(h, m[h]!)]))
    .join("\n")
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mirflow training report: ${escapeHtml(card.name)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:2rem;max-width:1150px;color:#222}
.row{display:flex;flex-wrap:wrap;gap:1rem} figure{margin:0}
table{border-collapse:collapse;margin:1rem 0} td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}
caption{text-align:left;font-weight:600;padding:.3rem 0} code{background:#f4f4f4;padding:0 .2rem}
</style></head><body>
<h1>mirflow training report</h1>
<p><b>${escapeHtml(card.name)}</b> ${escapeHtml(card.version)} · mirflow ${escapeHtml(card.mirflow_version)} · ${escapeHtml(card.created_at)}</p>
<p>${escapeHtml(card.model_architecture)}</p>
<p>Data: ${escapeHtml(card.training.data)} (${outcome.examples} clips). Training took ${outcome.seconds.total.toFixed(0)} s
(the exported model: ${outcome.seconds.final.toFixed(0)} s). Heads answered by: ${Object.entries(card.heads)
    .map(([h, s]) => `${h} → ${s}`)
    .join(", ")}.</p>
<h2>Evaluation</h2>
<p>${escapeHtml(String(card.metrics.evaluation ?? ""))}</p>
<table><tr><th>head</th><th>clips</th><th>accuracy</th><th>macro-F1</th><th>top-3</th><th></th></tr>${rows.join("")}</table>
${extraMeasures(card)}
<div class="row">${confusions}</div>
<h2>Training curves</h2>
${outcome.runs.map((r) => runCharts(`${r.run} (best epoch ${r.bestEpoch})`, r.history)).join("\n")}
</body></html>
`
}

/** The metrics table `mirflow train` and `mirflow evaluate` print. */
import type { HeadMetrics } from "../model/evaluation.ts"

const f = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : "–")

/** One row per head: clips, accuracy, macro-F1, top-3 (classes) or MAE, Acc1, Acc2 (tempo), MIREX (key). */
export const metricsTable = (
  metrics: HeadMetrics,
  sources: Readonly<Record<string, string>> = {},
): string => {
  const rows: string[][] = [["head", "source", "clips", "accuracy", "macro-F1", "top-3", "other"]]
  for (const head of ["genre", "mood", "key"] as const) {
    const m = metrics[head]
    if (m === undefined) continue
    const other = head === "key" && metrics.key !== undefined ? `MIREX ${f(metrics.key.mirex)}` : ""
    rows.push([
      head,
      sources[head] ?? "model",
      String(m.count),
      f(m.accuracy),
      f(m.macroF1),
      f(m.top3Accuracy),
      other,
    ])
  }
  if (metrics.bpm !== undefined) {
    const b = metrics.bpm
    rows.push([
      "bpm",
      sources.bpm ?? "model",
      String(b.count),
      `Acc1 ${f(b.acc1)}`,
      `Acc2 ${f(b.acc2)}`,
      "",
      `MAE ${f(b.mae, 1)} BPM`,
    ])
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")
}

/** A confusion matrix as text, rows = labels, columns = predictions. */
export const confusionText = (
  classes: ReadonlyArray<string>,
  confusion: ReadonlyArray<ReadonlyArray<number>>,
): string => {
  const width = Math.max(5, ...classes.map((c) => c.length))
  const head = `${"".padEnd(width)}  ${classes.map((c) => c.slice(0, 7).padStart(7)).join(" ")}`
  return [
    head,
    ...confusion.map(
      (row, i) => `${classes[i]!.padEnd(width)}  ${row.map((v) => String(v).padStart(7)).join(" ")}`,
    ),
  ].join("\n")
}

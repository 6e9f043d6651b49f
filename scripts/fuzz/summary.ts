/**
 * The printed summary of a fuzzing run, and the memory verdict.
 *
 * @module
 */
import type { FuzzSummary } from "./engine.ts"

const MB = 1024 * 1024
/** Growth of the worker's live memory (JS heap + external, after a full GC) that counts as a leak. */
const LEAK_BYTES = 16 * MB

/**
 * Whether the decoding worker's live memory grew across the run: the last sample against the first
 * one taken after warm-up on the same worker (each replacement worker starts afresh).
 */
export const memoryGrowth = (summary: FuzzSummary): { grew: boolean; bytes: number } => {
  const last = summary.memory[summary.memory.length - 1]
  const first = summary.memory.find((m) => m.worker === last?.worker)
  if (last === undefined || first === undefined || first === last) return { grew: false, bytes: 0 }
  const live = (s: NodeJS.MemoryUsage) => s.heapUsed + s.external
  const bytes = live(last.sample) - live(first.sample)
  return { grew: bytes > LEAK_BYTES, bytes }
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`

export const formatSummary = (summary: FuzzSummary): string => {
  const lines: string[] = []
  lines.push(
    `# Decoder fuzzing: seed ${summary.seed}, ${summary.inputs} inputs in ${summary.seconds.toFixed(1)} s (${(summary.inputs / summary.seconds).toFixed(0)}/s)`,
    "",
    "| outcome | inputs |",
    "| --- | ---: |",
  )
  for (const [label, n] of [...summary.counts].sort((a, b) => b[1] - a[1])) lines.push(`| ${label} | ${n} |`)
  lines.push("", "Slowest inputs:")
  for (const s of summary.slowest) lines.push(`- #${s.index}: ${s.ms.toFixed(0)} ms (${s.recipe})`)
  if (summary.slowOnce.length > 0) {
    lines.push(
      `Over the limit once, under it on a fresh worker (machine load): ${summary.slowOnce.map((s) => `#${s.index}`).join(", ")}`,
    )
  }
  lines.push("", "Worker memory after a full GC (heap used + external; process RSS):")
  for (const m of summary.memory) {
    lines.push(
      `- after ${m.after} inputs (worker ${m.worker}): ${mb(m.sample.heapUsed + m.sample.external)}; RSS ${mb(m.sample.rss)}`,
    )
  }
  const growth = memoryGrowth(summary)
  lines.push(`Live memory growth: ${mb(growth.bytes)} (${growth.grew ? "GREW: a leak" : "flat"})`)
  lines.push(`Workers started: ${summary.workersStarted} (1 + replacements after hangs and crashes)`)
  lines.push(`Lines the codecs printed to the console (kept off it here): ${summary.codecLogLines}`)
  lines.push("", `## Findings: ${summary.findings.length}`)
  const byLabel = new Map<string, typeof summary.findings>()
  for (const f of summary.findings) byLabel.set(f.label, [...(byLabel.get(f.label) ?? []), f])
  for (const [label, findings] of byLabel) {
    lines.push(
      `- ${label}: ${findings.length} (e.g. --seed ${summary.seed} --only ${findings
        .slice(0, 5)
        .map((f) => f.index)
        .join(",")})`,
    )
    for (const f of findings.slice(0, 3))
      lines.push(`  - #${f.index} ${f.recipe}: ${f.detail.split("\n")[0]}`)
  }
  return lines.join("\n")
}

/**
 * Progress of long CLI jobs: a bar with rate and ETA on a terminal, or a plain line every few seconds
 * when standard error is a file or a pipe (CI logs, `nohup`).
 */

export interface ProgressReporter {
  readonly update: (done: number, total: number, detail?: string) => void
  readonly finish: () => void
}

const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return "--:--"
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const rest = String(s % 60).padStart(2, "0")
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`
}

/**
 * A reporter for `unit`s (e.g. "files"), writing to standard error.
 * @param interval seconds between lines when not on a terminal (default 5)
 */
export const progressReporter = (unit: string, interval = 5): ProgressReporter => {
  const stream = process.stderr
  const tty = stream.isTTY === true
  const started = performance.now()
  let lastLine = 0
  let lastDone = 0
  let lastTotal = 0
  const line = (done: number, total: number, detail?: string): string => {
    const elapsed = (performance.now() - started) / 1000
    const rate = done / Math.max(elapsed, 1e-3)
    const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY
    const stats = `${done}/${total} ${unit}  ${rate.toFixed(1)}/s  elapsed ${formatDuration(elapsed)}  ETA ${formatDuration(eta)}`
    return detail === undefined ? stats : `${stats}  ${detail}`
  }
  return {
    update: (done, total, detail) => {
      lastDone = done
      lastTotal = total
      if (tty) {
        const width = 24
        const filled = total > 0 ? Math.round((done / total) * width) : 0
        const text = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${line(done, total, detail)}`
        stream.write(`\r${text.slice(0, (stream.columns ?? 120) - 1)}\x1b[K`)
      } else {
        const now = performance.now()
        if (now - lastLine >= interval * 1000 || done === total) {
          lastLine = now
          stream.write(`${line(done, total, detail)}\n`)
        }
      }
    },
    finish: () => {
      if (tty && lastTotal > 0) stream.write(`\r${line(lastDone, lastTotal)}\x1b[K\n`)
    },
  }
}

/**
 * `npm run bench:http`: load test of `POST /classify` on loopback. Starts the real server
 * (`mirflow serve`, as `npm start` does) in its own process, uploads a 30 s 44.1 kHz stereo MP3
 * (`examples/audio/demo.mp3`) from `BENCH_CLIENTS` concurrent clients (default 8, each sending its
 * next request when the last is answered) for `BENCH_SECONDS` (default 30), and prints throughput,
 * latency percentiles, statuses and the server's resident memory (sampled every 100 ms from
 * /proc, worker threads included), beside the targets. The machine's load average is printed
 * before and after: on a shared machine the figures move with it.
 *
 * Environment: `BENCH_SECONDS`, `BENCH_CLIENTS`, `BENCH_FILE`, and any server variable
 * (`WORKERS`, `BATCH_SIZE`, `MODEL_PATH`…), passed through. The model is `models/default` when it
 * exists, else the small test model (`test/fixtures/model`); the report says which.
 */
import { readFileSync } from "node:fs"
import { loadavg } from "node:os"
import { basename } from "node:path"
import { benchModel, percentile, rssOf, startArguments, startServer } from "./server.ts"
import { machine, table } from "./support.ts"

const seconds = Number(process.env.BENCH_SECONDS ?? 30)
const clients = Number(process.env.BENCH_CLIENTS ?? 8)
const file = process.env.BENCH_FILE ?? "examples/audio/demo.mp3"
const model = benchModel()
const targets = { throughput: 30, p99: 300, rssMb: 300 }

/** Mean of a histogram's observations between two scrapes of the Prometheus text. */
const histogramMean = (before: string, after: string, name: string, labels = ""): number => {
  const read = (text: string, suffix: string) => {
    const line = new RegExp(`^${name}_${suffix}${labels.replace(/[{}]/g, "\\$&")} (\\S+)$`, "m")
    return Number(line.exec(text)?.[1] ?? 0)
  }
  return (read(after, "sum") - read(before, "sum")) / (read(after, "count") - read(before, "count"))
}

const main = async () => {
  const audio = new Blob([readFileSync(file)])
  const loadBefore = loadavg()
  const { url, child } = await startServer()
  const pid = child.pid!
  const idleRss = rssOf(pid)
  const send = async (): Promise<{ status: number; ms: number }> => {
    const form = new FormData()
    form.append("file", audio, basename(file))
    const started = performance.now()
    const response = await fetch(`${url}/classify`, { method: "POST", body: form })
    await response.arrayBuffer()
    return { status: response.status, ms: performance.now() - started }
  }
  try {
    for (let i = 0; i < 4; i++) await send() // warm-up: JIT, decoders loaded in every worker
    const metricsBefore = await (await fetch(`${url}/metrics`)).text()
    const rss: number[] = []
    const sampler = setInterval(() => rss.push(rssOf(pid)), 100)
    const latencies: number[] = []
    const statuses = new Map<number, number>()
    const started = performance.now()
    const deadline = started + seconds * 1000
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < deadline) {
          const { status, ms } = await send()
          statuses.set(status, (statuses.get(status) ?? 0) + 1)
          if (status === 200) latencies.push(ms)
        }
      }),
    )
    const elapsed = (performance.now() - started) / 1000
    clearInterval(sampler)
    const metrics = await (await fetch(`${url}/metrics`)).text()
    const mean = (name: string, labels?: string) => histogramMean(metricsBefore, metrics, name, labels)
    const analysisMs = mean("mirflow_analysis_duration_seconds", '{kind="upload"}') * 1000
    const inferenceMs = mean("mirflow_inference_duration_seconds") * 1000
    const batchClips = mean("mirflow_inference_batch_clips")
    const loadAfter = loadavg()
    latencies.sort((a, b) => a - b)
    const peakRss = Math.max(...rss) / 1e6
    const meanRss = rss.reduce((a, b) => a + b, 0) / rss.length / 1e6
    const throughput = latencies.length / elapsed
    const p99 = percentile(latencies, 0.99)
    const mark = (ok: boolean) => (ok ? "met" : "**missed**")

    console.log(`${machine()}; load average before ${loadBefore.map((x) => x.toFixed(2)).join(", ")}`)
    console.log(
      `POST /classify with ${basename(file)} (${(audio.size / 1e6).toFixed(2)} MB), ${clients} concurrent clients, ${elapsed.toFixed(1)} s; model ${model}; ` +
        `server: npm start (${startArguments().join(" ")}), WORKERS=${process.env.WORKERS ?? "default"} BATCH_SIZE=${process.env.BATCH_SIZE ?? "32"}\n`,
    )
    table(
      ["figure", "measured", "target", ""],
      [
        ["requests answered 200", latencies.length, "", ""],
        [
          "throughput (req/s)",
          throughput.toFixed(2),
          `≥ ${targets.throughput}`,
          mark(throughput >= targets.throughput),
        ],
        ["latency p50 (ms)", percentile(latencies, 0.5).toFixed(0), "", ""],
        ["latency p90 (ms)", percentile(latencies, 0.9).toFixed(0), "", ""],
        ["latency p99 (ms)", p99.toFixed(0), `≤ ${targets.p99}`, mark(p99 <= targets.p99)],
        ["latency max (ms)", (latencies.at(-1) ?? Number.NaN).toFixed(0), "", ""],
        [
          "statuses",
          [...statuses].map(([s, n]) => `${s}: ${n}`).join(", "),
          "all 200",
          mark(statuses.size === 1 && statuses.has(200)),
        ],
        ["mean worker time per upload: decode + resample + analysis (ms)", analysisMs.toFixed(0), "", ""],
        [
          "mean inference call (ms) / clips per call",
          `${inferenceMs.toFixed(1)} / ${batchClips.toFixed(2)}`,
          "",
          "",
        ],
        ["server RSS idle (MB)", (idleRss / 1e6).toFixed(0), "", ""],
        [
          "server RSS mean / peak under load (MB)",
          `${meanRss.toFixed(0)} / ${peakRss.toFixed(0)}`,
          `< ${targets.rssMb}`,
          mark(peakRss < targets.rssMb),
        ],
      ],
    )
    console.log(`\nLoad average after: ${loadAfter.map((x) => x.toFixed(2)).join(", ")} (1, 5, 15 min).`)
  } finally {
    child.kill("SIGTERM")
  }
}

await main()

/**
 * `npm run soak`: the service under a long mixed load on loopback — valid uploads, streamed uploads,
 * undecodable, empty, truncated and non-audio files, malformed requests, oversized bodies, a hostile
 * file name and a decompression bomb (3 hours of FLAC silence in 27 kB), from
 * many concurrent clients — for SOAK_SECONDS (default 600). Passes when no response is a 5xx other
 * than the designed 503/504, the server never dies, and its resident memory stays flat (the median of
 * the last fifth of the run within 15 % of the median of the second fifth, after warm-up).
 *
 * Environment: SOAK_SECONDS (600), SOAK_CLIENTS (16), and any server variable. MAX_FILE_SIZE is 1MB
 * here so that oversized uploads are cheap to send.
 */
import { readFileSync } from "node:fs"
import { loadavg } from "node:os"
import { benchModel, percentile, rssOf, startServer } from "../../bench/server.ts"

const seconds = Number(process.env.SOAK_SECONDS ?? 600)
const clients = Number(process.env.SOAK_CLIENTS ?? 16)
const fixture = (name: string) => new Uint8Array(readFileSync(`test/fixtures/audio/${name}`))
const hostileFixture = (name: string) => new Uint8Array(readFileSync(`test/fixtures/hostile/${name}`))

const upload = (name: string, bytes: Uint8Array<ArrayBuffer>, field = "file") => {
  const form = new FormData()
  form.append(field, new Blob([bytes]), name)
  return form
}

/** The requests the clients pick from, each with the statuses it may get. */
const requests: { name: string; send: (url: string) => Promise<Response>; allowed: number[] }[] = [
  {
    name: "valid 30 s MP3",
    send: (u) =>
      fetch(`${u}/classify`, {
        method: "POST",
        body: upload("demo.mp3", new Uint8Array(readFileSync("examples/audio/demo.mp3"))),
      }),
    allowed: [200, 503, 504],
  },
  {
    name: "valid FLAC",
    send: (u) =>
      fetch(`${u}/classify`, { method: "POST", body: upload("a.flac", fixture("flac-44k-stereo.flac")) }),
    allowed: [200, 422, 503, 504],
  },
  {
    name: "streamed FLAC",
    send: (u) => fetch(`${u}/classify/stream`, { method: "POST", body: fixture("flac-44k-stereo.flac") }),
    allowed: [200, 422, 503, 504],
  },
  {
    name: "random bytes named .mp3",
    send: (u) => fetch(`${u}/classify`, { method: "POST", body: upload("x.mp3", fixture("random.mp3")) }),
    allowed: [415, 422, 503],
  },
  {
    name: "text named .wav",
    send: (u) => fetch(`${u}/classify`, { method: "POST", body: upload("notes.wav", fixture("notes.wav")) }),
    allowed: [415, 503],
  },
  {
    name: "empty file",
    send: (u) => fetch(`${u}/classify`, { method: "POST", body: upload("e.wav", fixture("empty.wav")) }),
    allowed: [400, 415, 422, 503],
  },
  {
    name: "truncated MP3",
    send: (u) => fetch(`${u}/classify`, { method: "POST", body: upload("t.mp3", fixture("truncated.mp3")) }),
    allowed: [200, 422, 503, 504],
  },
  {
    name: "oversized upload",
    send: (u) =>
      fetch(`${u}/classify`, { method: "POST", body: upload("big.wav", new Uint8Array(2_500_000)) }).catch(
        () => new Response(null, { status: 413 }),
      ),
    allowed: [413],
  },
  {
    name: "not multipart",
    send: (u) =>
      fetch(`${u}/classify`, { method: "POST", body: "hello", headers: { "content-type": "text/plain" } }),
    allowed: [400, 415],
  },
  {
    name: "wrong field",
    send: (u) =>
      fetch(`${u}/classify`, {
        method: "POST",
        body: upload("a.flac", fixture("flac-44k-stereo.flac"), "audio"),
      }),
    allowed: [400],
  },
  {
    name: "batch of three",
    send: (u) => {
      const form = upload("a.flac", fixture("flac-44k-stereo.flac"), "files")
      form.append("files", new Blob([fixture("random.mp3")]), "b.mp3")
      form.append("files", new Blob([fixture("wav-8k.wav")]), "c.wav")
      return fetch(`${u}/batch_classify`, { method: "POST", body: form })
    },
    allowed: [200, 503, 504],
  },
  {
    name: "hostile file name",
    send: (u) =>
      fetch(`${u}/classify`, {
        method: "POST",
        body: upload("../../etc/passwd\u0000\n\u202Egpj.wav", fixture("flac-44k-stereo.flac")),
      }),
    allowed: [200, 422, 503, 504],
  },
  {
    name: "3 h FLAC bomb (27 kB)",
    send: (u) =>
      fetch(`${u}/classify`, {
        method: "POST",
        body: upload("silence.flac", hostileFixture("silence-3h-streamed.flac")),
      }),
    allowed: [422, 503, 504],
  },
  { name: "health", send: (u) => fetch(`${u}/health`), allowed: [200] },
]

const main = async () => {
  const { url, child } = await startServer({ MAX_FILE_SIZE: "1MB" })
  const pid = child.pid!
  let died = false
  child.on("exit", () => (died = true))
  const rss: number[] = []
  const sampler = setInterval(() => !died && rss.push(rssOf(pid)), 1000)
  const counts = new Map<string, Map<number, number>>()
  const unexpected: string[] = []
  const latencies: number[] = []
  let index = 0
  const deadline = performance.now() + seconds * 1000
  console.log(
    `soak: ${clients} clients for ${seconds} s against ${url} (model ${benchModel()}); load ${loadavg()[0]!.toFixed(1)}`,
  )
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline && !died) {
        const request = requests[index++ % requests.length]!
        const started = performance.now()
        let status: number
        try {
          const response = await request.send(url)
          await response.arrayBuffer()
          status = response.status
        } catch (error) {
          status = died ? -1 : 0 // 0: the connection failed without the server dying (reset after a 413)
          if (!died && request.name !== "oversized upload")
            unexpected.push(`${request.name}: ${String(error)}`)
        }
        latencies.push(performance.now() - started)
        const byStatus = counts.get(request.name) ?? new Map<number, number>()
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1)
        counts.set(request.name, byStatus)
        if (status >= 500 && status !== 503 && status !== 504) unexpected.push(`${request.name}: ${status}`)
        else if (status > 0 && !request.allowed.includes(status))
          unexpected.push(`${request.name}: unexpected ${status}`)
      }
    }),
  )
  clearInterval(sampler)
  const fifth = Math.max(1, Math.floor(rss.length / 5))
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN
  const early = median(rss.slice(fifth, 2 * fifth)) / 1e6
  const late = median(rss.slice(-fifth)) / 1e6
  const flat = late <= early * 1.15
  for (const [name, byStatus] of counts) {
    console.log(`  ${name.padEnd(24)} ${[...byStatus].map(([s, n]) => `${s}: ${n}`).join(", ")}`)
  }
  latencies.sort((a, b) => a - b)
  console.log(
    `requests ${latencies.length}, p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p99 ${percentile(latencies, 0.99).toFixed(0)} ms`,
  )
  console.log(
    `server RSS: median ${early.toFixed(0)} MB early, ${late.toFixed(0)} MB late, peak ${(Math.max(...rss) / 1e6).toFixed(0)} MB → ${flat ? "flat" : "GROWING"}`,
  )
  console.log(`server ${died ? "DIED" : "alive"}; unexpected responses: ${unexpected.length}`)
  for (const u of [...new Set(unexpected)].slice(0, 20)) console.log(`  ${u}`)
  child.kill("SIGTERM")
  const ok = !died && unexpected.length === 0 && flat
  console.log(ok ? "soak passed" : "soak FAILED")
  process.exitCode = ok ? 0 : 1
}

await main()

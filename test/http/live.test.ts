import { Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import WebSocket from "ws"
import { LiveMessage } from "../../src/schema/api.ts"
import { startTestServer, type TestServer } from "../support/http-server.ts"
import { musicSignal } from "../support/music-signal.ts"

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

const decode = Schema.decodeUnknownSync(LiveMessage)

/** A WebSocket to /classify/live and the messages it receives. */
const connect = (query: string) => {
  const socket = new WebSocket(`${server.url.replace("http", "ws")}/classify/live${query}`)
  const messages: LiveMessage[] = []
  const waiters: Array<() => void> = []
  const wake = () => {
    for (const w of waiters.splice(0)) w()
  }
  socket.on("message", (data) => {
    messages.push(decode(JSON.parse(String(data))))
    wake()
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on("close", (code, reason) => {
      resolve({ code, reason: String(reason) })
      wake()
    }),
  )
  const until = async (done: () => boolean) => {
    while (!done() && socket.readyState !== WebSocket.CLOSED) await new Promise<void>((r) => waiters.push(r))
  }
  const opened = new Promise<void>((resolve, reject) => {
    socket.on("open", resolve)
    socket.on("error", reject)
  })
  return { socket, messages, until, closed, opened }
}

const s16le = (samples: Float32Array): Uint8Array => {
  const out = new Uint8Array(samples.length * 2)
  const view = new DataView(out.buffer)
  for (const [i, s] of samples.entries()) view.setInt16(i * 2, Math.round(s * 32767), true)
  return out
}

describe("GET /classify/live (WebSocket)", () => {
  it("answers each window while the audio still comes, and a summary after end", async () => {
    const rate = 16000
    const live = connect(`?sample_rate=${rate}&format=s16le&window=2&hop=1`)
    await live.opened
    await live.until(() => live.messages.length >= 1)
    expect(live.messages[0]).toEqual({ type: "ready", sample_rate: rate, format: "s16le", window: 2, hop: 1 })
    const bytes = s16le(musicSignal(rate, 1, 5)[0]!)
    // 2.5 s in messages of odd sizes (samples split across messages): the first window (0-2 s) is due.
    let at = 0
    const send = (until: number) => {
      while (at < until) {
        const size = Math.min(777, until - at)
        live.socket.send(bytes.subarray(at, at + size))
        at += size
      }
    }
    send(2.5 * rate * 2)
    await live.until(() => live.messages.some((m) => m.type === "window"))
    expect(live.messages[1]).toMatchObject({ type: "window", index: 0, start: 0, end: 2 })
    send(bytes.length)
    live.socket.send("end")
    const { code } = await live.closed
    expect(code).toBe(1000)
    const windows = live.messages.filter((m) => m.type === "window")
    expect(windows.map((w) => w.start)).toEqual([0, 1, 2, 3])
    const summary = live.messages.at(-1)!
    expect(summary).toMatchObject({ type: "summary", windows: 4 })
    expect(summary.type === "summary" && summary.duration).toBeCloseTo(5, 6)
  })

  it("sends an error and closes with 1008 for NaN samples", async () => {
    const live = connect("?sample_rate=22050&format=f32le")
    await live.opened
    live.socket.send(new Float32Array([0.1, Number.NaN, 0.2]))
    const { code } = await live.closed
    expect(code).toBe(1008)
    expect(live.messages.at(-1)).toMatchObject({ type: "error", error: { code: "invalid_samples" } })
  })

  it("sends an error and closes with 1008 for a text message other than end", async () => {
    const live = connect("")
    await live.opened
    live.socket.send("hello")
    expect((await live.closed).code).toBe(1008)
    expect(live.messages.at(-1)).toMatchObject({ type: "error", error: { code: "bad_request" } })
  })

  it("refuses the upgrade for a bad query, and a plain GET, with 400", async () => {
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${server.url.replace("http", "ws")}/classify/live?format=mp3`)
      socket.on("unexpected-response", (_req, res) => resolve(res.statusCode!))
      socket.on("error", () => undefined)
    })
    expect(status).toBe(400)
    const plain = await fetch(`${server.url}/classify/live`)
    expect(plain.status).toBe(400)
    expect((await plain.json()).error.message).toMatch(/WebSocket/)
  })
})

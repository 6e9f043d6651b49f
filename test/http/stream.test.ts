import { type ClientRequest, type IncomingMessage, request } from "node:http"
import { Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ErrorResponse, StreamLine } from "../../src/schema/api.ts"
import { musicWav, startTestServer, type TestServer } from "../support/http-server.ts"

let server: TestServer
beforeAll(async () => {
  // 22050 Hz 16-bit mono WAV = 44.1 kB/s: a 300 kB limit passes at about 6.8 s.
  server = await startTestServer({ MAX_FILE_SIZE: "300000" })
})
afterAll(() => server.close())

const decodeLine = Schema.decodeUnknownSync(StreamLine)

/** A chunked POST to /classify/stream that the test writes piece by piece. */
const openUpload = (query = "") => {
  const req = request(`${server.url}/classify/stream${query}`, {
    method: "POST",
    headers: { "content-type": "audio/wav", "transfer-encoding": "chunked" },
  })
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.on("response", resolve)
    req.on("error", reject)
  })
  return { req, response }
}

/** The NDJSON lines of a response, as they arrive. */
const lineReader = (res: IncomingMessage) => {
  const lines: StreamLine[] = []
  const waiters: Array<() => void> = []
  let buffered = ""
  let ended = false
  res.setEncoding("utf8")
  res.on("data", (text: string) => {
    buffered += text
    let newline = buffered.indexOf("\n")
    while (newline >= 0) {
      lines.push(decodeLine(JSON.parse(buffered.slice(0, newline))))
      buffered = buffered.slice(newline + 1)
      newline = buffered.indexOf("\n")
    }
    for (const w of waiters.splice(0)) w()
  })
  res.on("end", () => {
    ended = true
    for (const w of waiters.splice(0)) w()
  })
  const until = async (done: () => boolean) => {
    while (!done() && !ended) await new Promise<void>((resolve) => waiters.push(resolve))
  }
  return { lines, until, ended: () => ended }
}

const write = (req: ClientRequest, bytes: Uint8Array) =>
  new Promise<void>((resolve) => req.write(bytes, () => resolve()))

describe("POST /classify/stream", () => {
  it("sends a window's line as soon as its audio has arrived, before the upload ends, then a summary", async () => {
    const wav = musicWav(6.5) // 44-byte header + 6.5 s
    const firstPart = 44 + 4 * 44100 // header and 4 s: enough for the first 3 s window, not the second
    const { req, response } = openUpload("?window=3&hop=1.5")
    await write(req, wav.subarray(0, firstPart))
    const res = await response
    expect(res.statusCode).toBe(200)
    expect(res.headers["content-type"]).toMatch(/application\/x-ndjson/)
    const reader = lineReader(res)
    // The upload is still open: only the first window can have been answered.
    await reader.until(() => reader.lines.length >= 1)
    expect(req.writableEnded).toBe(false)
    expect(reader.lines[0]).toMatchObject({ type: "window", index: 0, start: 0, end: 3 })
    expect(reader.lines).toHaveLength(1)
    // Now the rest, in pieces.
    for (let at = firstPart; at < wav.length; at += 30_000) await write(req, wav.subarray(at, at + 30_000))
    req.end()
    await reader.until(() => reader.ended())
    const windows = reader.lines.filter((l) => l.type === "window")
    expect(windows.map((w) => w.start)).toEqual([0, 1.5, 3, 3.5]) // the last one ends at the last sample
    const last = reader.lines.at(-1)!
    expect(last.type).toBe("summary")
    if (last.type !== "summary") return
    expect(last.windows).toBe(4)
    expect(last.duration).toBeCloseTo(6.5, 6)
    expect(last.genre!.top3.reduce((n, s) => n + s.confidence, 0)).toBeCloseTo(1, 9)
    expect(last.model.name).toBe("mirflow-test-model")
    for (const w of windows)
      expect(w.type === "window" && w.genre !== undefined && w.bpm !== undefined).toBe(true)
  })

  it("answers a status, not a stream, when the audio fails before the first window", async () => {
    const text = await fetch(`${server.url}/classify/stream`, {
      method: "POST",
      body: "just some text, not audio",
    })
    expect(text.status).toBe(415)
    expect(Schema.decodeUnknownSync(ErrorResponse)(await text.json()).error.code).toBe("unsupported_format")
    const empty = await fetch(`${server.url}/classify/stream`, { method: "POST" })
    expect(empty.status).toBe(400)
  })

  it("400 for a bad window or hop", async () => {
    for (const query of ["?window=0", "?window=abc", "?window=2&hop=3", "?hop=-1"]) {
      const response = await fetch(`${server.url}/classify/stream${query}`, {
        method: "POST",
        body: musicWav(1),
      })
      expect(response.status, query).toBe(400)
    }
  })

  it("413 when the stream passes MAX_FILE_SIZE before its first window", async () => {
    const { req, response } = openUpload("?window=10&hop=10")
    const wav = musicWav(12)
    for (let at = 0; at < wav.length; at += 50_000) {
      if (req.destroyed) break
      await write(req, wav.subarray(at, at + 50_000))
      if (at > 400_000) break
    }
    const res = await response
    expect(res.statusCode).toBe(413)
    req.destroy()
  })

  it("ends with an error line when the stream passes MAX_FILE_SIZE after its first window", async () => {
    const { req, response } = openUpload()
    const wav = musicWav(12)
    void (async () => {
      for (let at = 0; at < wav.length && !req.destroyed; at += 20_000)
        await write(req, wav.subarray(at, at + 20_000))
      req.end()
    })()
    const reader = lineReader(await response)
    await reader.until(() => reader.ended())
    expect(reader.lines[0]!.type).toBe("window")
    const last = reader.lines.at(-1)!
    expect(last).toMatchObject({ type: "error", error: { code: "payload_too_large" } })
    // Windows ending after 6.8 s cannot have been sent.
    expect(reader.lines.every((l) => l.type !== "window" || l.end <= 6.8)).toBe(true)
    req.destroy()
  })
})

import { afterEach, describe, expect, it } from "vitest"
import { audioFixture } from "../support/audio-fixtures.ts"
import { formWith, musicWav, startTestServer, type TestServer } from "../support/http-server.ts"

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const classify = (seconds: number) =>
  fetch(`${server!.url}/classify`, { method: "POST", body: formWith("file", [["a.wav", musicWav(seconds)]]) })

describe("the service under load and failure", () => {
  it("503 with Retry-After once the analysis queue is full, and the others are answered", async () => {
    server = await startTestServer({ WORKERS: "1", QUEUE_SIZE: "1" })
    // One analysing, one waiting; the rest arrive while both are busy (each takes ≥ 100 ms).
    const responses = await Promise.all(Array.from({ length: 6 }, () => classify(10)))
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2)
    const refused = responses.filter((r) => r.status === 503)
    expect(refused.length).toBeGreaterThanOrEqual(1)
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true)
    for (const r of refused) {
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1)
      expect((await r.json()).error.code).toBe("queue_full")
    }
  })

  it("504 when a request outlives REQUEST_TIMEOUT", async () => {
    server = await startTestServer({ REQUEST_TIMEOUT: "0.001" })
    const response = await classify(5)
    expect(response.status).toBe(504)
    expect((await response.json()).error).toMatchObject({ code: "timeout" })
    // The service goes on answering.
    expect((await fetch(`${server.url}/health`)).status).toBe(200)
  })

  it("not healthy and 503 model_unavailable when the model cannot be loaded", async () => {
    server = await startTestServer({ MODEL_PATH: "/nonexistent/model" })
    const health = await fetch(`${server.url}/health`)
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({
      status: "unhealthy",
      model: "failed",
      preprocessing: "ready",
    })
    const response = await classify(1)
    expect(response.status).toBe(503)
    const { error } = await response.json()
    expect(error.code).toBe("model_unavailable")
    expect(error.message).toMatch(/nonexistent/)
  })

  it("answers a mix of good, bad and oversized uploads from many clients with designed statuses only", async () => {
    server = await startTestServer({ MAX_FILE_SIZE: "150000", QUEUE_SIZE: "4" })
    const noise = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 2654435761) >>> 24)
    const uploads: Array<readonly [string, Uint8Array]> = [
      ["good.wav", musicWav(1.5)],
      ["song.mp3", audioFixture("mp3-44k-stereo.mp3")],
      ["text.wav", new TextEncoder().encode("hello")],
      ["noise.mp3", noise],
      ["random.mp3", audioFixture("random.mp3")],
      ["truncated.flac", audioFixture("truncated.flac")],
      ["truncated.ogg", audioFixture("truncated.ogg")],
      ["cut.m4a", audioFixture("truncated-moov-at-end.m4a")],
      ["empty.wav", audioFixture("empty.wav")],
      ["big.wav", musicWav(4)], // 176 kB, over the limit
    ]
    const rounds = await Promise.all(
      [...uploads, ...uploads].map(([name, bytes]) =>
        fetch(`${server!.url}/classify`, { method: "POST", body: formWith("file", [[name, bytes]]) }).then(
          async (r) => [name, r.status, (await r.json()) as { error?: { code: string } }] as const,
        ),
      ),
    )
    for (const [name, status, body] of rounds) {
      expect([200, 413, 415, 422, 503], `${name}: ${status} ${JSON.stringify(body)}`).toContain(status)
      if (status !== 200) expect(body.error?.code, name).toBeTypeOf("string")
    }
    expect(rounds.filter(([name, status]) => name === "big.wav" && status !== 413)).toEqual([])
    expect(rounds.some(([, status]) => status === 200)).toBe(true)
    expect((await fetch(`${server.url}/health`)).status).toBe(200)
  })
})

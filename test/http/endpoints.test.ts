import { Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { BatchClassifyResponse, HealthResponse } from "../../src/schema/api.ts"
import { formWith, musicWav, startTestServer, type TestServer } from "../support/http-server.ts"

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ MAX_BATCH_FILES: "3", MAX_FILE_SIZE: "200000" })
})
afterAll(() => server.close())

describe("POST /batch_classify", () => {
  it("answers one result or one error per file, in upload order", async () => {
    const form = formWith("files", [
      ["one.wav", musicWav(2)],
      ["text.wav", new TextEncoder().encode("not audio at all")],
      ["big.wav", musicWav(5)], // 220 kB, over the 200 kB per-file limit
    ])
    const response = await fetch(`${server.url}/batch_classify`, { method: "POST", body: form })
    expect(response.status).toBe(200)
    const { results, processing_time } = Schema.decodeUnknownSync(BatchClassifyResponse)(
      await response.json(),
    )
    expect(results.map((r) => [r.filename, r.status])).toEqual([
      ["one.wav", 200],
      ["text.wav", 415],
      ["big.wav", 413],
    ])
    const first = results[0]!
    expect("result" in first && first.result.genre !== undefined).toBe(true)
    expect("error" in results[1]! && results[1].error.code).toBe("unsupported_format")
    expect(processing_time).toBeGreaterThan(0)
  })

  it("400 without files, or with more than MAX_BATCH_FILES", async () => {
    const none = await fetch(`${server.url}/batch_classify`, {
      method: "POST",
      body: formWith("file", [["a.wav", musicWav(1)]]),
    })
    expect(none.status).toBe(400)
    const many = formWith(
      "files",
      Array.from({ length: 4 }, (_, i) => [`${i}.wav`, musicWav(0.6)] as const),
    )
    const tooMany = await fetch(`${server.url}/batch_classify`, { method: "POST", body: many })
    expect(tooMany.status).toBe(400)
    expect((await tooMany.json()).error.message).toMatch(/MAX_BATCH_FILES/)
  })
})

describe("GET /health", () => {
  it("says healthy, with the model's name and version", async () => {
    const response = await fetch(`${server.url}/health`)
    expect(response.status).toBe(200)
    const health = Schema.decodeUnknownSync(HealthResponse)(await response.json())
    expect(health).toMatchObject({
      status: "healthy",
      preprocessing: "ready",
      model: "loaded",
      model_name: "mirflow-test-model",
      model_version: "test-1",
    })
  })
})

describe("GET /metrics", () => {
  it("counts requests by route and status, times inference, and sums decoded audio", async () => {
    await fetch(`${server.url}/classify`, {
      method: "POST",
      body: formWith("file", [["a.wav", musicWav(2)]]),
    })
    await fetch(`${server.url}/classify`, { method: "POST", body: "x" })
    const response = await fetch(`${server.url}/metrics`)
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await response.text()
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? Number.NaN)
    expect(
      value(/mirflow_http_requests_total\{method="POST",route="\/classify",status="200"\} (\S+)/),
    ).toBeGreaterThanOrEqual(1)
    expect(
      value(/mirflow_http_requests_total\{method="POST",route="\/classify",status="415"\} (\S+)/),
    ).toBeGreaterThanOrEqual(1)
    expect(
      value(
        /mirflow_http_request_duration_seconds_count\{method="POST",route="\/classify",status="200"\} (\S+)/,
      ),
    ).toBeGreaterThanOrEqual(1)
    expect(value(/^mirflow_inference_duration_seconds_count (\S+)$/m)).toBeGreaterThanOrEqual(1)
    expect(
      value(/mirflow_decoded_audio_seconds_total\{endpoint="\/classify"\} (\S+)/),
    ).toBeGreaterThanOrEqual(2)
    expect(value(/^mirflow_inference_queue_depth (\S+)$/m)).toBe(0)
    expect(value(/^mirflow_analysis_queue_depth (\S+)$/m)).toBe(0)
    expect(value(/^mirflow_process_resident_memory_bytes (\S+)$/m)).toBeGreaterThan(1e6)
    // Every sample line is `name{labels} number`.
    for (const line of text.split("\n").filter((l) => l !== "" && !l.startsWith("#")))
      expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? (-?[0-9.e+-]+|\+Inf|NaN)$/)
  })
})

describe("GET /openapi.json and /docs", () => {
  it("documents every endpoint with schemas whose references all resolve", async () => {
    const document = await (await fetch(`${server.url}/openapi.json`)).json()
    expect(document.openapi).toBe("3.1.0")
    expect(Object.keys(document.paths).sort()).toEqual(
      ["/batch_classify", "/classify", "/classify/live", "/classify/stream", "/health", "/metrics"].sort(),
    )
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? []
    expect(refs.length).toBeGreaterThan(10)
    for (const ref of refs) {
      const name = ref.slice('"$ref":"#/components/schemas/'.length, -1)
      expect(document.components.schemas[name], ref).toBeDefined()
    }
    expect(document.components.schemas.ClassifyResponse.required).toEqual(
      expect.arrayContaining(["filename", "duration", "processing_time", "model"]),
    )
    const params = document.paths["/classify/live"].get.parameters.map((p: { name: string }) => p.name)
    expect(params).toEqual(expect.arrayContaining(["sample_rate", "format", "window", "hop"]))
  })

  it("renders the reference as HTML", async () => {
    const response = await fetch(`${server.url}/docs`)
    expect(response.headers.get("content-type")).toMatch(/text\/html/)
    const html = await response.text()
    for (const text of ["/classify/stream", "ClassifyResponse", "processing_time", "f32le"])
      expect(html).toContain(text)
  })
})

describe("GET / (demo page)", () => {
  it("serves the page and its assets with a content security policy", async () => {
    const page = await fetch(server.url)
    expect(page.headers.get("content-security-policy")).toMatch(/default-src 'self'/)
    expect(await page.text()).toContain('id="file"')
    const script = await fetch(`${server.url}/demo/demo.js`)
    expect(script.headers.get("content-type")).toMatch(/javascript/)
    expect(await script.text()).toContain("/classify?spectrogram=true")
    expect((await fetch(`${server.url}/demo/../package.json`)).status).toBe(404)
  })
})

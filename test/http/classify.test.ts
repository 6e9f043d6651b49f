import { request } from "node:http"
import { Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ClassifyResponse, ErrorResponse } from "../../src/schema/api.ts"
import { audioFixture } from "../support/audio-fixtures.ts"
import { formWith, musicWav, startTestServer, type TestServer } from "../support/http-server.ts"

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ MAX_FILE_SIZE: "300000", MAX_DURATION: "8" })
})
afterAll(() => server.close())

const classify = (files: ReadonlyArray<readonly [string, Uint8Array]>, query = "", field = "file") =>
  fetch(`${server.url}/classify${query}`, { method: "POST", body: formWith(field, files) })

/** The response's error body, checked against the schema. */
const errorOf = async (response: Response) =>
  Schema.decodeUnknownSync(ErrorResponse)(await response.json()).error

describe("POST /classify", () => {
  it("answers genre, mood, bpm and key with the model's classes, in the response schema", async () => {
    const response = await classify([["song.wav", musicWav(4)]])
    expect(response.status).toBe(200)
    const body = Schema.decodeUnknownSync(ClassifyResponse)(await response.json())
    expect(body.filename).toBe("song.wav")
    expect(["ambient", "noise", "pop"]).toContain(body.genre!.label)
    expect(body.genre!.top3.map((s) => s.label).sort()).toEqual(["ambient", "noise", "pop"])
    expect(body.genre!.top3.reduce((sum, s) => sum + s.confidence, 0)).toBeCloseTo(1, 4)
    expect(["calm", "tense"]).toContain(body.mood!.label)
    // The fixture model leaves tempo and key to mirflow's estimators.
    expect(body.bpm!.source).toBe("estimator")
    expect(body.bpm!.value).toBeGreaterThan(30)
    expect(body.key!.label).toMatch(/^[A-G]#? (major|minor)$/)
    expect(body.duration).toBeCloseTo(4, 2)
    expect(body.windows).toBeGreaterThan(1)
    expect(body.audio).toEqual({
      format: "wav",
      codec: "pcm",
      sample_rate: 22050,
      channels: 1,
      truncated: false,
    })
    expect(body.model).toEqual({ name: "mirflow-test-model", version: "test-1" })
    expect(body.processing_time).toBeGreaterThan(0)
    expect(body.spectrogram).toBeUndefined()
  })

  it.each([
    ["mp3-44k-stereo.mp3", "mp3"],
    ["flac-44k-stereo.flac", "flac"],
    ["vorbis-44k-stereo.ogg", "ogg"],
    ["opus-48k-stereo.opus", "ogg"],
    ["aac-moov-at-end.m4a", "mp4"],
  ])("classifies %s", async (name, format) => {
    const response = await classify([[name, audioFixture(name)]])
    expect(response.status).toBe(200)
    const body = Schema.decodeUnknownSync(ClassifyResponse)(await response.json())
    expect(body.audio.format).toBe(format)
    expect(body.genre).toBeDefined()
  })

  it("adds the mel spectrogram as a PNG when asked", async () => {
    const response = await classify([["song.wav", musicWav(2)]], "?spectrogram=true")
    const body = Schema.decodeUnknownSync(ClassifyResponse)(await response.json())
    const picture = body.spectrogram!
    expect(picture.image.startsWith("data:image/png;base64,")).toBe(true)
    const png = Buffer.from(picture.image.slice("data:image/png;base64,".length), "base64")
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(png.readUInt32BE(16)).toBe(picture.width)
    expect(png.readUInt32BE(20)).toBe(128)
    expect(picture.frames).toBe(Math.floor((2 * 22050) / 512) + 1)
    expect(picture.db_range[1] - picture.db_range[0]).toBeCloseTo(80, 6)
  })

  it("echoes a hostile file name as text, never as a path", async () => {
    const response = await classify([["../../etc/passwd\u0000\n.wav", musicWav(1)]])
    expect(response.status).toBe(200)
    expect((await response.json()).filename).toBe("../../etc/passwd.wav")
  })
})

describe("POST /classify refuses bad input with the right status, never 500", () => {
  it("415 for a body that is not multipart", async () => {
    const response = await fetch(`${server.url}/classify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    })
    expect(response.status).toBe(415)
    expect((await errorOf(response)).code).toBe("unsupported_media_type")
  })

  it("415 for bytes that are not audio, with what they look like", async () => {
    const response = await classify([
      ["notes.wav", new TextEncoder().encode("<html><body>not audio</body></html>")],
    ])
    expect(response.status).toBe(415)
    const error = await errorOf(response)
    expect(error.code).toBe("unsupported_format")
    expect(error.message).toMatch(/HTML/)
  })

  it.each([
    ["empty.wav", "empty_audio"],
    ["truncated-header.wav", "truncated_audio"],
    ["wav-s16le.wav", "audio_too_short"], // 0.25 s, MIN_DURATION is 0.5
  ])("422 for %s (%s)", async (name, code) => {
    const response = await classify([[name, audioFixture(name)]])
    expect(response.status).toBe(422)
    expect((await errorOf(response)).code).toBe(code)
  })

  it("422 for audio longer than MAX_DURATION", async () => {
    const response = await classify([["long.wav", musicWav(9, 8000)]])
    expect(response.status).toBe(422)
    const error = await errorOf(response)
    expect(error.code).toBe("audio_too_long")
    expect(error.message).toMatch(/limit is 8 s/)
  })

  it("400 for a request without the file field, with two files, or with a bad query", async () => {
    const none = await classify([["a.wav", musicWav(1)]], "", "upload")
    expect(none.status).toBe(400)
    expect((await errorOf(none)).message).toMatch(/"file"/)
    const two = await classify([
      ["a.wav", musicWav(1)],
      ["b.wav", musicWav(1)],
    ])
    expect(two.status).toBe(400)
    const query = await classify([["a.wav", musicWav(1)]], "?spectrogram=maybe")
    expect(query.status).toBe(400)
    expect((await errorOf(query)).code).toBe("bad_request")
  })

  it("400 for a multipart body that does not parse", async () => {
    const response = await fetch(`${server.url}/classify`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=xyz" },
      body: '--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\nunterminated',
    })
    expect(response.status).toBe(400)
  })

  it("413 from Content-Length, before the body is sent", async () => {
    // Declare 10 MB, send nothing: the answer must come without waiting for the body.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/classify`, {
        method: "POST",
        headers: { "content-type": "multipart/form-data; boundary=x", "content-length": "10000000" },
      })
      req.on("response", (res) => {
        res.resume()
        resolve(res.statusCode!)
      })
      req.on("error", reject)
      req.flushHeaders()
    })
    expect(status).toBe(413)
  })

  it("413 while a chunked body streams in, as soon as it passes the limit", async () => {
    let sent = 0
    let stop = false
    const response = await new Promise<{ status: number; body: string; sentAtAnswer: number }>(
      (resolve, reject) => {
        const req = request(`${server.url}/classify`, {
          method: "POST",
          headers: { "content-type": "multipart/form-data; boundary=x", "transfer-encoding": "chunked" },
        })
        req.on("response", (res) => {
          stop = true
          const sentAtAnswer = sent
          let body = ""
          res.on("data", (d) => (body += d))
          res.on("end", () => resolve({ status: res.statusCode!, body, sentAtAnswer }))
        })
        req.on("error", (e) => (stop ? undefined : reject(e)))
        const chunk = new Uint8Array(50_000)
        const pump = () => {
          // Up to 2 MB, far past the 300 kB limit, unless the server answers first.
          if (stop || sent >= 2_000_000) return
          sent += chunk.length
          req.write(chunk, () => setImmediate(pump))
        }
        req.write('--x\r\nContent-Disposition: form-data; name="file"; filename="big.wav"\r\n\r\n')
        pump()
      },
    )
    expect(response.status).toBe(413)
    expect(JSON.parse(response.body).error.code).toBe("payload_too_large")
    expect(response.sentAtAnswer).toBeLessThan(2_000_000)
  })

  it("404 with a JSON error for an unknown endpoint, 405 with Allow for a wrong method", async () => {
    const response = await fetch(`${server.url}/classify/nothing`)
    expect(response.status).toBe(404)
    expect((await errorOf(response)).code).toBe("not_found")
    const wrongMethod = await fetch(`${server.url}/classify`)
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers.get("allow")).toBe("POST")
    expect((await errorOf(wrongMethod)).code).toBe("method_not_allowed")
  })

  it("422 at once for a header that declares hours of audio, without decoding them", async () => {
    // A 44-byte WAV whose data chunk claims 4 GB of 8 kHz 8-bit mono: 149 hours.
    const header = new Uint8Array(44)
    const view = new DataView(header.buffer)
    header.set(new TextEncoder().encode("RIFF"), 0)
    view.setUint32(4, 0xffffffff - 8, true)
    header.set(new TextEncoder().encode("WAVEfmt "), 8)
    view.setUint32(16, 16, true)
    view.setUint16(20, 1, true) // PCM
    view.setUint16(22, 1, true) // mono
    view.setUint32(24, 8000, true)
    view.setUint32(28, 8000, true)
    view.setUint16(32, 1, true)
    view.setUint16(34, 8, true)
    header.set(new TextEncoder().encode("data"), 36)
    view.setUint32(40, 0xffffffff - 44, true)
    const response = await classify([["bomb.wav", header]])
    expect(response.status).toBe(422)
    const error = await errorOf(response)
    expect(error.code).toBe("audio_too_long")
    expect(error.message).toMatch(/header declares/)
  })
})

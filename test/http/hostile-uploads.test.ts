/**
 * Hostile uploads: file names built to climb folders, break headers or spoof their display, and audio
 * built to decode to hours or to declare absurd sample rates. Each gets a typed answer, never a 500,
 * and a name is only ever echoed as clean text.
 */
import { readFileSync } from "node:fs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { musicWav, startTestServer, type TestServer } from "../support/http-server.ts"
import { fmtBody, riffWave } from "../support/wav-builder.ts"

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ MAX_DURATION: "8" })
})
afterAll(() => server.close())

const hostile = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/hostile/${name}`, import.meta.url)))

const concat = (...parts: ReadonlyArray<Uint8Array>) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** POSTs a hand-written multipart body, so that the name's bytes reach the server exactly as given. */
const uploadRaw = (disposition: string, bytes: Uint8Array, path = "/classify") => {
  const boundary = "mirflow-hostile-boundary"
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n`
  const body = concat(
    new TextEncoder().encode(head),
    bytes,
    new TextEncoder().encode(`\r\n--${boundary}--\r\n`),
  )
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    body,
  })
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

/** The name echoed for an upload that must succeed, checked to be clean text. */
const echoed = async (response: Response): Promise<string> => {
  expect(response.status).toBe(200)
  const name = (await response.json()).filename as string
  expect(name).not.toMatch(UNSAFE)
  expect(name).not.toMatch(/\p{Cs}/u) // no half of a surrogate pair
  expect([...name].length).toBeLessThanOrEqual(255)
  for (const value of response.headers.values()) expect(value).not.toContain(name)
  return name
}

describe("hostile upload names", () => {
  const wav = musicWav(1)

  it.each([
    ['filename="../../etc/passwd"', "../../etc/passwd"],
    ['filename="/etc/shadow"', "/etc/shadow"],
    ['filename="C:\\Windows\\win.ini"', undefined], // backslash escaping varies between parsers
    ['filename="--output=/tmp/x.wav"', "--output=/tmp/x.wav"],
    ['filename="say %22hi%22.wav"', 'say "hi".wav'], // quotes as browsers send them
    ['filename=""', "upload"],
    ["filename*=UTF-8''..%2F..%2Fetc%2Fpasswd", undefined],
  ])("echoes %s as clean text", async (disposition, expected) => {
    const name = await echoed(await uploadRaw(disposition, wav))
    if (expected !== undefined) expect(name).toBe(expected)
  })

  it("answers 400, never 500, for a part the form parser refuses or that holds no file", async () => {
    for (const disposition of ['filename="say \\"hi\\".wav"', ""]) {
      const response = await uploadRaw(disposition, wav)
      expect(response.status, disposition).toBe(400)
      expect((await response.json()).error.code).toBe("bad_request")
    }
  })

  it("removes NUL, newlines and bidirectional overrides sent as raw bytes", async () => {
    expect(await echoed(await uploadRaw('filename="\u0000"', wav))).toBe("upload")
    // U+202E would display `a\u202Egpj.exe` as `aexe.jpg`.
    expect(await echoed(await uploadRaw('filename="a\u202Egpj.exe\u2028\u0085"', wav))).toBe("agpj.exe")
  })

  it("answers a header split by CR LF inside the name with 200 or 400, never 500", async () => {
    const response = await uploadRaw('filename="a.wav\r\nX-Injected: yes"', wav)
    expect([200, 400]).toContain(response.status)
    expect(response.headers.get("x-injected")).toBeNull()
    if (response.status === 200) await echoed(response)
  })

  it("cuts a 10,000-character name to 255 characters, and never inside an emoji", async () => {
    const long = await echoed(await uploadRaw(`filename="${"x".repeat(10_000)}.wav"`, wav))
    expect(long).toBe(`${"x".repeat(252)}...`)
    const emoji = await echoed(await uploadRaw(`filename="${"😀".repeat(300)}"`, wav))
    expect(emoji).toBe(`${"😀".repeat(252)}...`)
  })

  it("echoes each odd name of a batch as text beside its own result", async () => {
    const boundary = "mirflow-batch-boundary"
    const part = (name: string) =>
      concat(
        new TextEncoder().encode(
          `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\n\r\n`,
        ),
        wav,
        new TextEncoder().encode("\r\n"),
      )
    const names = ["../../a.wav", "\u0000", "日本の歌.wav"]
    const response = await fetch(`${server.url}/batch_classify`, {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      body: concat(...names.map(part), new TextEncoder().encode(`--${boundary}--\r\n`)),
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { results: Array<{ filename: string; status: number }> }
    expect(body.results.map((r) => [r.filename, r.status])).toEqual([
      ["../../a.wav", 200],
      ["upload", 200],
      ["日本の歌.wav", 200],
    ])
  })
})

describe("hostile audio in uploads", () => {
  const errorOf = async (response: Response) =>
    ((await response.json()) as { error: { code: string; message: string } }).error

  it("refuses 3 hours of FLAC silence in 27 kB from its header, at once", async () => {
    const started = performance.now()
    const response = await uploadRaw('filename="silence.flac"', hostile("silence-3h.flac"))
    expect(response.status).toBe(422)
    const error = await errorOf(response)
    expect(error.code).toBe("audio_too_long")
    expect(error.message).toMatch(/header declares 3 h 00 min.*limit is 8 s/)
    expect(performance.now() - started).toBeLessThan(3000)
  })

  it("stops decoding a FLAC without a declared length just past the limit", async () => {
    const started = performance.now()
    const response = await uploadRaw('filename="silence.flac"', hostile("silence-3h-streamed.flac"))
    expect(response.status).toBe(422)
    const error = await errorOf(response)
    expect(error.code).toBe("audio_too_long")
    expect(error.message).toMatch(/Decoding found more than .*limit is 8 s/)
    expect(performance.now() - started).toBeLessThan(3000)
  })

  it.each([
    [0, /sample rate of 0 Hz/],
    [1, /sample rate of 1 Hz/],
    [0xffffffff, /sample rate of 4294967295 Hz/],
  ])("refuses a WAV that declares %d Hz as corrupt audio", async (rate, message) => {
    const header = riffWave([
      { id: "fmt ", body: fmtBody(1, 1, rate, 16) },
      { id: "data", body: new Uint8Array(44100) },
    ])
    const response = await uploadRaw('filename="odd-rate.wav"', header)
    expect(response.status).toBe(422)
    const error = await errorOf(response)
    expect(error.code).toBe("corrupt_audio")
    expect(error.message).toMatch(message)
  })
})

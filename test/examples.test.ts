/**
 * Every script in `examples/` runs as a user runs it (`npm run example examples/X.ts`, which is
 * `node --conditions=source`) on the bundled files, and prints what its header promises.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterAll, describe, expect, it } from "vitest"

const root = new URL("..", import.meta.url).pathname
const scratch = mkdtempSync(join(tmpdir(), "mirflow-examples-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const run = async (script: string, ...args: string[]) => {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ["--conditions=source", `examples/${script}`, ...args],
    {
      cwd: root,
      timeout: 90_000,
      maxBuffer: 16 << 20,
      // The examples' temporary folders go into this test's own, removed at the end; Node's compile
      // cache keeps the sources' bytecode between the examples' processes.
      env: { ...process.env, TMPDIR: scratch, NODE_COMPILE_CACHE: join(root, ".tmp", "node-compile-cache") },
    },
  )
  return { stdout, stderr }
}

/** What each example must print. A new example without an entry here fails the last test. */
const expectations: Record<string, { args?: string[]; output: RegExp[] }> = {
  "stream-windows.ts": { output: [/^window 18 {2}27\.00–30\.00 s/m] },
  "analyze-file.ts": {
    output: [/mp3\/mp3, 44100 Hz, 2 channel\(s\), 30\.00 s/, /tempo 14\d\.\d BPM/, /1292 frames × 128 bands/],
  },
  "tutorial-music.ts": {
    args: [join(scratch, "tutorial")],
    output: [/music\/\{studio,muffled,telephone\}\/: 5 clips of 5 s each/],
  },
  "build-dataset.ts": {
    output: [
      /15 files \(15 analysed, 0 reused, 0 failed\)/,
      /genres: muffled 5, studio 5, telephone 5/,
      /valid: 15 files/,
    ],
  },
  "train.ts": {
    args: [join(scratch, "model")],
    output: [
      /validation genre accuracy [\d.]+ on 3 clips/,
      /wrote model\.json, model\.onnx/,
      /held out telephone\/demo_6\.wav → \w+/,
    ],
  },
  "classify-http.ts": {
    output: [/→ 200\n {2}genre \w+ \(0\.\d\d\)/, /30 s of mp3/, /→ 415 unsupported_format: /],
  },
  "live-classification.ts": {
    args: ["--speed", "30"],
    output: [/^ready: 16000 Hz f32le/m, /27\.0–30\.0 s {2}genre/, /^summary of 19 windows \(30\.0 s\)/m],
  },
}

describe.concurrent("examples", () => {
  for (const [script, { args = [], output }] of Object.entries(expectations)) {
    it(`npm run example examples/${script}`, async () => {
      const { stdout } = await run(script, ...args)
      for (const pattern of output) expect(stdout).toMatch(pattern)
    }, 120_000)
  }

  it("covers every example", () => {
    const scripts = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".ts"))
    expect(scripts.sort()).toEqual(Object.keys(expectations).sort())
  })

  it("reports a file that is not audio by its typed error", async () => {
    const failed = run("analyze-file.ts", "test/fixtures/audio/notes.wav")
    await expect(failed).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("it looks like text"),
    })
  })
})

/**
 * The demo page in a real headless Chromium (Debian's `chromium`, driven by playwright-core):
 * choose a file, see the spectrogram image and the prediction bars.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type BrowserContext, chromium } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { musicWav, startTestServer, type TestServer } from "../support/http-server.ts"

const CHROMIUM = "/usr/bin/chromium" // scripts/system-deps.sh installs it

let server: TestServer
let browser: BrowserContext
let profile: string

beforeAll(async () => {
  profile = mkdtempSync(join(tmpdir(), "mirflow-chromium-"))
  ;[server, browser] = await Promise.all([
    startTestServer(),
    // A fresh profile each run (playwright passes it as --user-data-dir).
    chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // A fake microphone (a beeping tone) that needs no permission prompt, for the live mode.
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
      ],
    }),
  ])
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  rmSync(profile, { recursive: true, force: true })
})

describe("the demo page", () => {
  it("shows the spectrogram and the prediction bars of a chosen file", async () => {
    const file = join(profile, "song.wav")
    writeFileSync(file, musicWav(3))
    const page = await browser.newPage()
    const errors: string[] = []
    page.on("pageerror", (e) => errors.push(e.message))
    await page.goto(server.url)
    await page.setInputFiles("#file", file)
    await page.waitForSelector("#result-genre .bar")
    // The spectrogram is a decoded image as wide as the clip's frames and 128 bands high.
    const size = await page.$eval("#spectrogram", (img) => {
      const image = img as HTMLImageElement
      return { width: image.naturalWidth, height: image.naturalHeight, complete: image.complete }
    })
    expect(size).toEqual({ width: Math.floor((3 * 22050) / 512) + 1, height: 128, complete: true })
    expect(await page.isVisible("#spectrogram")).toBe(true)
    const genres = await page.$$eval("#result-genre .bar", (bars) =>
      bars.map((b) => b.getAttribute("data-label")),
    )
    expect([...genres].sort()).toEqual(["ambient", "noise", "pop"])
    const widths = await page.$$eval("#result-genre .fill", (fills) =>
      fills.map((f) => Number.parseFloat((f as HTMLElement).style.width)),
    )
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0)
    for (const head of ["mood", "key", "bpm"]) expect(await page.isVisible(`#result-${head}`)).toBe(true)
    expect(await page.textContent("#status")).toContain("song.wav")
    expect(errors).toEqual([])
  })

  it("shows the service's error when the file is not audio", async () => {
    const file = join(profile, "notes.txt")
    writeFileSync(file, "these are notes, not music")
    const page = await browser.newPage()
    await page.goto(server.url)
    await page.setInputFiles("#file", file)
    await page.waitForSelector("#status.error")
    expect(await page.textContent("#status")).toMatch(/^unsupported_format: /)
  })

  it("streams the microphone to /classify/live and shows each window, then the summary", async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on("pageerror", (e) => errors.push(e.message))
    await page.goto(`${server.url}/`)
    await page.click("#live-start")
    // The first window's prediction arrives after its 3 s of audio.
    await page.waitForSelector("#live-result-genre .bar", { timeout: 20_000 })
    expect(await page.textContent("#live-status")).toMatch(/^Window \d+: /)
    await page.click("#live-stop")
    await page.waitForFunction(
      () => document.querySelector("#live-status")?.textContent?.startsWith("Summary"),
      null,
      {
        timeout: 20_000,
      },
    )
    expect(await page.textContent("#live-status")).toMatch(/^Summary of \d+ windows/)
    expect(errors).toEqual([])
  }, 60_000)
})

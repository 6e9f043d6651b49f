/**
 * `GET /`: the demo page (drop a file, see its mel spectrogram and predictions; or stream the
 * microphone through `/classify/live`), and its static assets under `/demo/`.
 *
 * @module
 */
import { readFileSync } from "node:fs"
import { Hono } from "hono"

const assets = {
  "demo.js": "text/javascript; charset=utf-8",
  "capture-worklet.js": "text/javascript; charset=utf-8",
  "demo.css": "text/css; charset=utf-8",
} as const

const read = (name: string) => readFileSync(new URL(`../demo/${name}`, import.meta.url), "utf8")

/** Scripts and styles from this origin only; the spectrogram arrives as a data URL. */
const contentSecurityPolicy =
  "default-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'"

/** The demo page and its assets (read once, when the app is built). */
export const demoRoutes = () => {
  const page = read("index.html")
  const files = new Map(Object.entries(assets).map(([name, type]) => [name, { body: read(name), type }]))
  return new Hono()
    .get("/", (c) => c.html(page, 200, { "Content-Security-Policy": contentSecurityPolicy }))
    .get("/demo/:file", (c) => {
      const file = files.get(c.req.param("file"))
      if (file === undefined) return c.notFound()
      return c.body(file.body, 200, { "Content-Type": file.type, "Cache-Control": "no-cache" })
    })
}

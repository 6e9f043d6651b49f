/**
 * Classifies an audio file over HTTP: posts it to `/classify` as a multipart upload and prints the
 * answer, then posts bytes that are not audio to show the error body every refusal has.
 *
 *   npm run example examples/classify-http.ts [url] [file]
 *
 * With a URL (`http://localhost:8000`, a server started by `npm start`) it talks to that server;
 * without one it starts the service in this process on 127.0.0.1 and a free port, with the bundled
 * model, and stops it at the end. The file defaults to the bundled demo.
 */
import { readFileSync } from "node:fs"
import { basename } from "node:path"
import { NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { defaultServerConfig, startServer } from "mirflow/http"

const [urlArgument, fileArgument] = process.argv.slice(2)
const file = fileArgument ?? new URL("audio/demo.mp3", import.meta.url).pathname

const classify = async (url: string) => {
  const form = new FormData()
  form.append("file", new Blob([readFileSync(file)]), basename(file))
  const response = await fetch(`${url}/classify`, { method: "POST", body: form })
  const body = await response.json()
  if (!response.ok) throw new Error(`${response.status} ${body.error.code}: ${body.error.message}`)
  console.log(`POST ${url}/classify ${basename(file)} → ${response.status}`)
  console.log(`  genre ${body.genre?.label} (${body.genre?.confidence.toFixed(2)})`)
  console.log(`  mood  ${body.mood?.label ?? "—"} ${body.mood ? `(${body.mood.confidence.toFixed(2)})` : ""}`)
  console.log(`  bpm   ${body.bpm?.value.toFixed(1)} (${body.bpm?.source})`)
  console.log(`  key   ${body.key?.label} (${body.key?.source})`)
  console.log(
    `  ${body.duration} s of ${body.audio.format} in ${body.processing_time.toFixed(2)} s, ${body.windows} windows`,
  )

  // Every refusal is {"error": {"code", "message"}} with a status that says whose fault it is.
  const notAudio = new FormData()
  notAudio.append("file", new Blob(["<html>not a song</html>"]), "song.mp3")
  const refused = await fetch(`${url}/classify`, { method: "POST", body: notAudio })
  const { error } = await refused.json()
  console.log(
    `POST ${url}/classify (an HTML page named song.mp3) → ${refused.status} ${error.code}: ${error.message}`,
  )
}

if (urlArgument !== undefined) await classify(urlArgument.replace(/\/$/, ""))
else {
  // The service as a library: startServer listens for the lifetime of the scope; closing the scope
  // shuts it down gracefully (in-flight requests finish, workers and the ONNX session are released).
  const program = Effect.scoped(
    Effect.gen(function* () {
      const server = yield* startServer({ ...defaultServerConfig, host: "127.0.0.1", port: 0, workers: 1 })
      yield* server.modelLoaded // /health says "starting" until the model is loaded
      yield* Effect.promise(() => classify(server.url))
    }),
  )
  await Effect.runPromise(program.pipe(Effect.provide(NodeServices.layer)))
}

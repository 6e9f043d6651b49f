/**
 * The real service on 127.0.0.1 and a free port, with the small real model in
 * `test/fixtures/model`, for the HTTP tests; plus the audio they upload.
 */

import { fileURLToPath } from "node:url"
import { NodeServices } from "@effect/platform-node"
import { Effect, Exit, Scope } from "effect"
import { encodeWav } from "../../src/dsp/wav.ts"
import { readServerConfig, type ServerConfig } from "../../src/http/config.ts"
import { startServer } from "../../src/http/server.ts"
import { musicSignal } from "./music-signal.ts"

export const testModelPath = fileURLToPath(new URL("../fixtures/model", import.meta.url))

export interface TestServer {
  readonly url: string
  readonly config: ServerConfig
  readonly close: () => Promise<void>
}

/** Starts the service with `env` over test defaults (one worker, the fixture model, MIN_DURATION 0.5). */
export const startTestServer = async (env: Record<string, string> = {}): Promise<TestServer> => {
  const config = await Effect.runPromise(
    readServerConfig({
      HOST: "127.0.0.1",
      API_PORT: "0",
      MODEL_PATH: testModelPath,
      WORKERS: "1",
      MIN_DURATION: "0.5",
      SHUTDOWN_TIMEOUT: "5",
      ...env,
    }),
  )
  const scope = await Effect.runPromise(Scope.make())
  const server = await Effect.runPromise(
    startServer(config).pipe(Scope.provide(scope), Effect.provide(NodeServices.layer)),
  )
  // Wait for the model (or its failure) so tests see a settled server.
  await Effect.runPromise(Effect.exit(server.modelLoaded))
  return { url: server.url, config, close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
}

/** A 16-bit mono WAV of `samples` at `rate`. */
export const wavOf = (samples: Float32Array, rate: number): Uint8Array<ArrayBuffer> =>
  encodeWav([samples], rate)

/** `seconds` of synthetic music (chords, drums) as a 16-bit mono WAV at `rate`. */
export const musicWav = (seconds: number, rate = 22050): Uint8Array<ArrayBuffer> =>
  wavOf(musicSignal(rate, 1, seconds)[0]!, rate)

/** A multipart body with `files` under `field`. */
export const formWith = (
  field: string,
  files: ReadonlyArray<readonly [name: string, bytes: Uint8Array]>,
): FormData => {
  const form = new FormData()
  for (const [name, bytes] of files) form.append(field, new Blob([bytes as Uint8Array<ArrayBuffer>]), name)
  return form
}

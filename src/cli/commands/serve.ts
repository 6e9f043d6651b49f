/**
 * `mirflow serve [--port N] [--host H] [--model DIR]`: the HTTP service (see `src/http`). Flags
 * override the environment (`API_PORT`, `HOST`, `MODEL_PATH`, and the rest of the variables listed
 * in `src/http/config.ts`).
 */
import { Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import type { ServerConfig } from "../../http/config.ts"
import { serve as serveHttp } from "../../http/serve.ts"
import { reportFailures } from "../report.ts"

/**
 * Set once the server has shut down gracefully after SIGTERM or SIGINT, so that the process exits
 * 0 (a stop that was asked for and done) rather than the 130 of an interrupted command.
 */
export const serverStoppedCleanly = { value: false }

export const serve = Command.make(
  "serve",
  {
    port: Flag.Int("port").pipe(Flag.optional, Flag.withDescription("TCP port (default: API_PORT or 8000)")),
    host: Flag.String("host").pipe(
      Flag.optional,
      Flag.withDescription("Address to listen on (default: HOST or 0.0.0.0)"),
    ),
    model: Flag.String("model").pipe(
      Flag.optional,
      Flag.withDescription(
        "Model folder with model.onnx and model.json (default: MODEL_PATH or the bundled model)",
      ),
    ),
  },
  ({ port, host, model }) => {
    const overrides: { -readonly [K in keyof ServerConfig]?: ServerConfig[K] } = {}
    if (Option.isSome(port)) overrides.port = port.value
    if (Option.isSome(host)) overrides.host = host.value
    if (Option.isSome(model)) overrides.modelPath = model.value
    return reportFailures(serveHttp(overrides)).pipe(
      Effect.asVoid,
      Effect.onInterrupt(() => Effect.sync(() => (serverStoppedCleanly.value = true))),
    )
  },
).pipe(
  Command.withDescription("Serve the classification API, its OpenAPI reference and the demo page"),
  Command.withExamples([
    { command: "mirflow serve --port 8000", description: "the bundled model on port 8000" },
    { command: "MODEL_PATH=models/mine BATCH_SIZE=16 mirflow serve", description: "another model" },
  ]),
)

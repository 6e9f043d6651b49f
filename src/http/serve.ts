/**
 * The service as a program: read the configuration, start, wait for the model, serve until
 * interrupted. `mirflow serve` and `npm start` run it under `NodeRuntime.runMain`, which turns
 * SIGTERM and SIGINT into an interruption, so the server's graceful shutdown runs.
 *
 * @module
 */
import { Effect } from "effect"
import { bundledModelPath, readServerConfig, type ServerConfig } from "./config.ts"
import { startServer } from "./server.ts"

/**
 * Serves until interrupted, with the configuration from the environment (`overrides` win, for
 * command-line flags). Fails if the configuration is invalid, the port cannot be bound, or the
 * model cannot be loaded.
 *
 * @example
 * ```ts
 * NodeRuntime.runMain(serve().pipe(Effect.provide(NodeServices.layer)))
 * ```
 */
export const serve = (overrides: Partial<ServerConfig> = {}) =>
  Effect.scoped(
    Effect.gen(function* () {
      const config: ServerConfig = { ...(yield* readServerConfig()), ...overrides }
      const server = yield* startServer(config)
      yield* Effect.logInfo(
        `mirflow listening on ${server.url} (model ${config.modelPath}, ${config.workers} analysis worker${config.workers === 1 ? "" : "s"}, batches of up to ${config.batchSize})`,
      )
      const classifier = yield* server.modelLoaded.pipe(
        Effect.mapError((e) =>
          config.modelPath === bundledModelPath && e._tag === "ModelFileError"
            ? {
                ...e,
                message: `${e.message}. The bundled model is missing: set MODEL_PATH to a model folder.`,
              }
            : e,
        ),
      )
      const card = classifier.card
      yield* Effect.logInfo(
        `model ${card.name} ${card.version} loaded on ${classifier.provider}: ${Object.entries(card.heads)
          .map(([head, source]) => `${head} (${source})`)
          .join(", ")}`,
      )
      return yield* Effect.never
    }),
  )

/**
 * Starting and stopping the service: build the services (model, analysis workers, inference
 * queue, metrics), listen with @hono/node-server (WebSockets through `ws`), and when the scope
 * closes (SIGTERM/SIGINT under `NodeRuntime.runMain`) shut down gracefully: stop accepting, refuse
 * new requests on open connections, let in-flight requests and live sessions finish (up to
 * `SHUTDOWN_TIMEOUT`), then release the workers and the ONNX Runtime session.
 *
 * @module
 */
import type { Server } from "node:http"
import type { AddressInfo } from "node:net"
import { serve as listen, type WebSocketServerLike } from "@hono/node-server"
import { Context, Effect, type FileSystem, Layer, type Path, type Scope } from "effect"
import { WebSocketServer } from "ws"
import type { ClassifierLoadError, ClassifierService } from "../model/classifier.ts"
import { type AnalysisCrashed, ServerListenError } from "../schema/errors/http.ts"
import { AnalysisPool } from "./analysis/analysis-pool.ts"
import { makeApp } from "./app.ts"
import { HttpConfig, type ServerConfig } from "./config.ts"
import { InferenceQueue } from "./inference/inference-queue.ts"
import { ModelHolder } from "./inference/model-holder.ts"
import { openWorkerSession } from "./inference/worker-session.ts"
import { LiveSessions } from "./live/live-sessions.ts"
import { ServiceMetrics } from "./metrics/service-metrics.ts"
import type { ServerState } from "./middleware/draining.ts"
import { type HttpServices, makeRunner } from "./runner.ts"

/** Largest WebSocket message accepted on `/classify/live` (about 5 s of 48 kHz float32 audio). */
const MAX_LIVE_MESSAGE = 1 << 20

export interface RunningServer {
  /** `http://host:port` (the port actually bound when `API_PORT` is 0). */
  readonly url: string
  readonly port: number
  /** Completes when the model has loaded, or fails with why it could not. */
  readonly modelLoaded: Effect.Effect<ClassifierService, ClassifierLoadError>
}

/** The service's services, from its configuration. */
export const httpServices = (
  config: ServerConfig,
): Layer.Layer<HttpServices, AnalysisCrashed, FileSystem.FileSystem | Path.Path> => {
  const model = ModelHolder.layer({
    modelDirectory: config.modelPath,
    device: config.device,
    threads: config.inferenceThreads,
    // ORT's run blocks its thread: the session lives in a worker, the event loop stays free.
    openSession: openWorkerSession,
  })
  const inference = InferenceQueue.layer({
    batchSize: config.batchSize,
    capacity: Math.max(config.queueSize, config.batchSize),
  })
  const pool = AnalysisPool.layer({ workers: config.workers, queueCapacity: config.queueSize })
  return Layer.mergeAll(inference, pool).pipe(
    Layer.provideMerge(Layer.mergeAll(model, ServiceMetrics.layer, Layer.succeed(HttpConfig, config))),
  )
}

const listenOn = (app: ReturnType<typeof makeApp>, wss: WebSocketServer, config: ServerConfig) =>
  Effect.callback<Server, ServerListenError>((resume) => {
    const server = listen(
      // ws types `noServer` as optional; it is set (node-server checks it).
      {
        fetch: app.fetch,
        port: config.port,
        hostname: config.host,
        websocket: { server: wss as WebSocketServerLike },
      },
      () => resume(Effect.succeed(server as Server)),
    ) as Server
    server.once("error", (e: NodeJS.ErrnoException) =>
      resume(
        Effect.fail(
          new ServerListenError({
            message:
              e.code === "EADDRINUSE"
                ? `port ${config.port} is already in use: stop the other server or set API_PORT`
                : `cannot listen on ${config.host}:${config.port}: ${e.message}`,
          }),
        ),
      ),
    )
    // Uploads may stream for as long as they send data; REQUEST_TIMEOUT applies per request and per idle body.
    server.requestTimeout = 0
  })

/** Waits for the server's connections to end, closing the rest after `seconds`. */
const closeGracefully = (server: Server, sessions: LiveSessions, seconds: number) =>
  Effect.promise(async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeIdleConnections()
    const deadline = new Promise<"timeout">((resolve) =>
      setTimeout(() => resolve("timeout"), seconds * 1000).unref(),
    )
    await Promise.race([sessions.shutdown(), deadline])
    if ((await Promise.race([closed, deadline])) === "timeout") server.closeAllConnections()
    await closed
  })

/**
 * Starts the service for the lifetime of the current scope. The port opens at once; `/health`
 * answers "starting" until the model has loaded (see {@link RunningServer.modelLoaded}).
 */
export const startServer = (
  config: ServerConfig,
): Effect.Effect<
  RunningServer,
  AnalysisCrashed | ServerListenError,
  Scope.Scope | FileSystem.FileSystem | Path.Path
> =>
  Effect.gen(function* () {
    const context = yield* Layer.build(httpServices(config))
    const state: ServerState = { startedAt: performance.now(), draining: false }
    const sessions = new LiveSessions()
    const app = makeApp({ runner: makeRunner(config, context), state, sessions })
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_LIVE_MESSAGE })
    const server = yield* Effect.acquireRelease(listenOn(app, wss, config), (server) =>
      Effect.gen(function* () {
        state.draining = true
        yield* Effect.logInfo(
          `shutting down: finishing ${sessions.size} live sessions and in-flight requests`,
        )
        yield* closeGracefully(server, sessions, config.shutdownTimeout)
      }),
    )
    const port = (server.address() as AddressInfo).port
    const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host
    return {
      url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
      port,
      modelLoaded: Context.get(context, ModelHolder).loaded,
    } satisfies RunningServer
  })

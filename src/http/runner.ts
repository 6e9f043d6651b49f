/**
 * The bridge between Hono handlers and the service's Effect programs: a route describes its work
 * as an Effect that needs the service's services, and the runner executes it with them, with the
 * request's time limit, interrupting it when the client hangs up, and turning any failure into the
 * JSON error response it maps to.
 *
 * @module
 */
import { Cause, type Context, Effect, Exit } from "effect"
import { RequestTimeout } from "../schema/errors/http.ts"
import type { AnalysisPool } from "./analysis/analysis-pool.ts"
import type { HttpConfig, ServerConfig } from "./config.ts"
import { apiErrorOf } from "./errors/api-error.ts"
import type { InferenceQueue } from "./inference/inference-queue.ts"
import type { ModelHolder } from "./inference/model-holder.ts"
import type { ServiceMetrics } from "./metrics/service-metrics.ts"
import { errorResponse } from "./respond.ts"

/** The services every route may use. */
export type HttpServices = HttpConfig | AnalysisPool | InferenceQueue | ModelHolder | ServiceMetrics

export interface EffectRunner {
  readonly config: ServerConfig
  /** The services, for streams that outlive the handler (a streamed response body). */
  readonly context: Context.Context<HttpServices>
  /** Runs an effect with the services; `signal` aborting interrupts it. */
  readonly run: <A, E>(
    effect: Effect.Effect<A, E, HttpServices>,
    signal?: AbortSignal,
  ) => Promise<Exit.Exit<A, E>>
}

/** A runner over a built set of services. */
export const makeRunner = (config: ServerConfig, context: Context.Context<HttpServices>): EffectRunner => ({
  config,
  context,
  run: (effect, signal) =>
    Effect.runPromiseExitWith(context)(effect, signal === undefined ? undefined : { signal }),
})

/** The failure of a cause as a response; a defect is logged and answered 500. */
export const causeResponse = (runner: EffectRunner, cause: Cause.Cause<unknown>): Response => {
  const error = Cause.findErrorOption(cause)
  if (error._tag === "Some") return errorResponse(apiErrorOf(error.value))
  if (!Cause.hasInterruptsOnly(cause)) void runner.run(Effect.logError("request failed", cause))
  return errorResponse(
    Cause.hasInterruptsOnly(cause)
      ? { status: 400, code: "bad_request", message: "the request was abandoned" }
      : apiErrorOf(undefined),
  )
}

/**
 * Runs a route's effect under `REQUEST_TIMEOUT` (504 when it passes) and answers with its response,
 * or with the error response its failure maps to.
 */
export const respond = async (
  runner: EffectRunner,
  request: Request,
  effect: Effect.Effect<Response, unknown, HttpServices>,
): Promise<Response> => {
  const seconds = runner.config.requestTimeout
  const exit = await runner.run(
    effect.pipe(
      Effect.timeoutOrElse({
        duration: `${seconds * 1000} millis`,
        orElse: () =>
          Effect.fail(
            new RequestTimeout({
              seconds,
              message: `the request took longer than ${seconds} s (REQUEST_TIMEOUT)`,
            }),
          ),
      }),
    ),
    request.signal,
  )
  return Exit.isSuccess(exit) ? exit.value : causeResponse(runner, exit.cause)
}

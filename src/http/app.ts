/**
 * The Hono application: middleware (metrics, refusal while draining), the routes, and JSON answers
 * for unknown routes and unexpected errors. Routes are small factories, one file each, that get
 * the runner (to run Effect programs with the service's services) and what else they need.
 *
 * @module
 */
import { Context } from "effect"
import { Hono } from "hono"
import { AnalysisPool } from "./analysis/analysis-pool.ts"
import { apiErrorOf } from "./errors/api-error.ts"
import { ModelHolder } from "./inference/model-holder.ts"
import type { LiveSessions } from "./live/live-sessions.ts"
import { ServiceMetrics } from "./metrics/service-metrics.ts"
import { refuseWhileDraining, type ServerState } from "./middleware/draining.ts"
import { requestMetrics } from "./middleware/request-metrics.ts"
import { errorResponse } from "./respond.ts"
import { batchClassifyRoutes } from "./routes/batch-classify.ts"
import { classifyRoutes } from "./routes/classify.ts"
import { classifyLiveRoutes } from "./routes/classify-live.ts"
import { classifyStreamRoutes } from "./routes/classify-stream.ts"
import { demoRoutes } from "./routes/demo.ts"
import { healthRoutes } from "./routes/health.ts"
import { metricsRoutes } from "./routes/metrics.ts"
import { openApiRoutes } from "./routes/openapi.ts"
import type { EffectRunner } from "./runner.ts"

export interface AppParts {
  readonly runner: EffectRunner
  readonly state: ServerState
  readonly sessions: LiveSessions
}

/** Builds the service's Hono app. */
export const makeApp = ({ runner, state, sessions }: AppParts): Hono => {
  const metrics = Context.get(runner.context, ServiceMetrics)
  const pool = Context.get(runner.context, AnalysisPool)
  const model = Context.get(runner.context, ModelHolder)
  metrics.gauge(
    "mirflow_analysis_queue_depth",
    "Uploads and windows waiting for an analysis worker.",
    () => pool.stats().queued,
  )
  metrics.gauge("mirflow_analysis_workers_busy", "Analysis workers at work.", () => pool.stats().busy)
  metrics.gauge("mirflow_live_sessions", "Open /classify/live WebSockets.", () => sessions.size)

  const app = new Hono()
  app.use(requestMetrics(metrics))
  app.use(refuseWhileDraining(state))
  app.route("/", classifyRoutes(runner))
  app.route("/", batchClassifyRoutes(runner))
  app.route("/", classifyStreamRoutes(runner))
  app.route("/", classifyLiveRoutes(runner, sessions))
  app.route("/", healthRoutes(state, model, pool))
  app.route("/", metricsRoutes(metrics))
  app.route("/", openApiRoutes())
  app.route("/", demoRoutes())
  app.notFound((c) => {
    // The path exists with other methods: 405 with the methods it takes.
    const allowed = [
      ...new Set(app.routes.filter((r) => r.path === c.req.path && r.method !== "ALL").map((r) => r.method)),
    ]
    return allowed.length > 0
      ? errorResponse({
          status: 405,
          code: "method_not_allowed",
          message: `${c.req.path} takes ${allowed.join(", ")}, not ${c.req.method}`,
          headers: { Allow: allowed.join(", ") },
        })
      : errorResponse({
          status: 404,
          code: "not_found",
          message: `no endpoint ${c.req.method} ${c.req.path}; see /docs`,
        })
  })
  app.onError((error) => {
    const answer = apiErrorOf(error)
    if (answer.status >= 500) console.error("mirflow: unexpected error while answering a request:", error)
    return errorResponse(answer)
  })
  return app
}

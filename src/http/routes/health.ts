/**
 * `GET /health`: 200 `{"status": "healthy", "preprocessing": "ready", "model": "loaded", …}` when
 * the service can classify; 503 while the model loads ("starting"), after it failed to load
 * ("unhealthy"), or while the server shuts down ("draining").
 *
 * @module
 */
import { Hono } from "hono"
import { HealthResponse } from "../../schema/api.ts"
import { mirflowVersion } from "../../version.ts"
import type { AnalysisPoolService } from "../analysis/analysis-pool.ts"
import type { ModelHolderService } from "../inference/model-holder.ts"
import type { ServerState } from "../middleware/draining.ts"
import { jsonResponse } from "../respond.ts"

/** The `/health` route, from the server state, the model holder and the analysis pool. */
export const healthRoutes = (state: ServerState, model: ModelHolderService, pool: AnalysisPoolService) =>
  new Hono().get("/health", () => {
    const modelStatus = model.status()
    const card = model.card()
    const preprocessing = pool.stats().size > 0 ? "ready" : "not_ready"
    const status = state.draining
      ? "draining"
      : modelStatus === "loaded" && preprocessing === "ready"
        ? "healthy"
        : modelStatus === "failed"
          ? "unhealthy"
          : "starting"
    return jsonResponse(
      HealthResponse,
      {
        status,
        preprocessing,
        model: modelStatus,
        ...(card !== undefined && { model_name: card.name, model_version: card.version }),
        version: mirflowVersion,
        uptime: (performance.now() - state.startedAt) / 1000,
      },
      status === "healthy" ? 200 : 503,
      { "Cache-Control": "no-store" },
    )
  })

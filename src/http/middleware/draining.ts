/**
 * While the server shuts down, new requests on connections that are still open are refused with
 * 503 and `Connection: close`; `/health` and `/metrics` keep answering (health says "draining").
 *
 * @module
 */
import type { MiddlewareHandler } from "hono"
import { errorResponse } from "../respond.ts"

/** What the server tells the app about its life cycle. */
export interface ServerState {
  readonly startedAt: number
  draining: boolean
}

/** Middleware that answers 503 (and closes the connection) once `state.draining` is set. */
export const refuseWhileDraining =
  (state: ServerState): MiddlewareHandler =>
  async (c, next) => {
    if (!state.draining || c.req.path === "/health" || c.req.path === "/metrics") return next()
    return errorResponse({
      status: 503,
      code: "model_unavailable",
      message: "the server is shutting down; retry on another instance",
      headers: { "Retry-After": "5", Connection: "close" },
    })
  }

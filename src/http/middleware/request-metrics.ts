/**
 * Counts every request and times it, by method, route pattern (`/classify`, never the raw URL, so
 * the label set stays small) and status.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono"
import { routePath } from "hono/route"
import type { ServiceMetricsService } from "../metrics/service-metrics.ts"

/** Middleware that records each request in `mirflow_http_requests_total` and its duration histogram. */
export const requestMetrics =
  (metrics: ServiceMetricsService): MiddlewareHandler =>
  async (c, next) => {
    const started = performance.now()
    await next()
    const route = routePath(c, -1)
    const labels = {
      method: c.req.method,
      route: route === "*" || route === "/*" ? "unmatched" : route,
      status: String(c.res.status),
    }
    metrics.requests.inc(labels)
    metrics.requestSeconds.observe((performance.now() - started) / 1000, labels)
  }

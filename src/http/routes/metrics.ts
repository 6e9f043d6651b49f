/**
 * `GET /metrics`: the Prometheus text format.
 *
 * @module
 */
import { Hono } from "hono"
import type { ServiceMetricsService } from "../metrics/service-metrics.ts"

/** The `/metrics` route. */
export const metricsRoutes = (metrics: ServiceMetricsService) =>
  new Hono().get("/metrics", (c) =>
    c.body(metrics.registry.render(), 200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" }),
  )

/**
 * The metrics `GET /metrics` reports: requests by route and status with their latency, inference
 * time and batch sizes, analysis time, seconds of audio decoded, queue depths, requests in flight.
 *
 * @module
 */
import { Context, Layer } from "effect"
import { Counter, Gauge, Histogram, Registry } from "./registry.ts"

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

export interface ServiceMetricsService {
  readonly registry: Registry
  readonly requests: Counter
  readonly requestSeconds: Histogram
  readonly inferenceSeconds: Histogram
  readonly inferenceBatchClips: Histogram
  readonly analysisSeconds: Histogram
  readonly decodedAudioSeconds: Counter
  /** Adds a gauge read at each scrape (a queue's depth, connections open). */
  readonly gauge: (name: string, help: string, read: () => number) => void
}

/** A fresh set of the service's metrics, with the process's memory among them. */
export const makeServiceMetrics = (): ServiceMetricsService => {
  const registry = new Registry()
  const gauge = (name: string, help: string, read: () => number) => {
    registry.register(new Gauge(name, help, read))
  }
  const metrics: ServiceMetricsService = {
    registry,
    requests: registry.register(
      new Counter("mirflow_http_requests_total", "HTTP requests answered, by method, route and status."),
    ),
    requestSeconds: registry.register(
      new Histogram(
        "mirflow_http_request_duration_seconds",
        "Time from request to response headers (the first line of a streamed answer), by method, route and status.",
        LATENCY_BUCKETS,
      ),
    ),
    inferenceSeconds: registry.register(
      new Histogram(
        "mirflow_inference_duration_seconds",
        "Time of one batched ONNX Runtime call.",
        LATENCY_BUCKETS,
      ),
    ),
    inferenceBatchClips: registry.register(
      new Histogram(
        "mirflow_inference_batch_clips",
        "Clips classified together in one inference call.",
        [1, 2, 4, 8, 16, 32, 64, 128],
      ),
    ),
    analysisSeconds: registry.register(
      new Histogram(
        "mirflow_analysis_duration_seconds",
        "Time a worker spent decoding and analysing an upload, or analysing a stream window (kind upload or window).",
        LATENCY_BUCKETS,
      ),
    ),
    decodedAudioSeconds: registry.register(
      new Counter(
        "mirflow_decoded_audio_seconds_total",
        "Seconds of audio decoded and analysed, by endpoint.",
      ),
    ),
    gauge,
  }
  gauge("mirflow_process_resident_memory_bytes", "Resident memory of the server process.", () =>
    process.memoryUsage.rss(),
  )
  return metrics
}

/** The service's metrics as an Effect service (a fresh registry per server). */
export class ServiceMetrics extends Context.Service<ServiceMetrics, ServiceMetricsService>()(
  "mirflow/http/ServiceMetrics",
) {
  static readonly layer: Layer.Layer<ServiceMetrics> = Layer.sync(ServiceMetrics, makeServiceMetrics)
}

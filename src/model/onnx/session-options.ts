/**
 * ONNX Runtime session options from mirflow's `SessionOptions`, and the first line of an ORT error.
 * Free of Effect, so that the inference worker (`src/http/inference/session-worker.ts`, a V8 isolate
 * of its own) opens its session exactly as `openSession` does without loading more than it needs.
 *
 * @module
 */
import type * as ort from "onnxruntime-node"

/** Where a session runs. `cuda` needs ORT's CUDA libraries; `webgpu` a Vulkan-capable GPU (Dawn). */
export type ExecutionProvider = "cpu" | "cuda" | "webgpu"

export interface SessionOptions {
  /** Requested provider; if it cannot start, the session runs on `cpu` (logged). Default `"cpu"`. */
  readonly provider?: ExecutionProvider
  /** Threads inside one op. Default 0: ORT's choice (one per physical core). */
  readonly intraOpThreads?: number
  /** Threads running independent ops in parallel. Default 0: ORT's choice. */
  readonly interOpThreads?: number
  /**
   * Let idle pool threads spin while waiting for work. Default true (ORT's default); false saves
   * CPU when other processes share the cores.
   */
  readonly spinning?: boolean
  /** ORT graph optimisation level. Default `"all"`. */
  readonly optimization?: "disabled" | "basic" | "extended" | "all"
  /** ORT's own log level: 0 verbose … 4 fatal. Default 3 (errors only). */
  readonly logSeverity?: 0 | 1 | 2 | 3 | 4
}

/** ONNX Runtime's options for a session on `provider` (the CPU as the fallback of any other). */
export const ortOptions = (
  provider: ExecutionProvider,
  options: SessionOptions,
): ort.InferenceSession.SessionOptions => ({
  executionProviders: provider === "cpu" ? ["cpu"] : [provider, "cpu"],
  intraOpNumThreads: options.intraOpThreads ?? 0,
  interOpNumThreads: options.interOpThreads ?? 0,
  executionMode: (options.interOpThreads ?? 0) > 1 ? "parallel" : "sequential",
  graphOptimizationLevel: options.optimization ?? "all",
  logSeverityLevel: options.logSeverity ?? 3,
  ...(options.spinning === false
    ? { extra: { session: { intra_op: { allow_spinning: "0" }, inter_op: { allow_spinning: "0" } } } }
    : {}),
})

/** The first line of an error's message: ORT appends its source location and stack on later lines. */
export const firstLine = (e: unknown): string =>
  String(e instanceof Error ? e.message : e)
    .split("\n")[0]!
    .trim()

/**
 * ONNX Runtime sessions as scoped Effect resources, with execution-provider fallback and feeds
 * checked against the model's inputs.
 *
 * @module
 */
import { Effect, Result, type Scope } from "effect"
import * as ort from "onnxruntime-node"
import { OnnxFeedError, OnnxRunError, OnnxSessionError } from "../../schema/errors/model.ts"
import { type ExecutionProvider, firstLine, ortOptions, type SessionOptions } from "./session-options.ts"

export type { ExecutionProvider, SessionOptions } from "./session-options.ts"

/** Input values by name. */
export type Feeds = Readonly<Record<string, ort.Tensor>>

/** An open session. */
export interface OnnxSession {
  /** The provider that actually runs the session (after any fallback). */
  readonly provider: ExecutionProvider
  readonly inputNames: ReadonlyArray<string>
  readonly outputNames: ReadonlyArray<string>
  /**
   * Runs the model. Feeds must name exactly the model's inputs with their element types
   * ({@link OnnxFeedError} otherwise); `outputs` picks a subset of outputs (default all).
   */
  readonly run: (
    feeds: Feeds,
    outputs?: ReadonlyArray<string>,
  ) => Effect.Effect<Record<string, ort.Tensor>, OnnxFeedError | OnnxRunError>
}

const create = (model: Uint8Array | string, provider: ExecutionProvider, options: SessionOptions) =>
  Effect.tryPromise({
    try: () =>
      typeof model === "string"
        ? ort.InferenceSession.create(model, ortOptions(provider, options))
        : ort.InferenceSession.create(model, ortOptions(provider, options)),
    catch: (e) =>
      new OnnxSessionError({
        provider,
        reason: firstLine(e),
        message: `onnxruntime could not create a session on ${provider}: ${firstLine(e)}`,
      }),
  })

/** Creates the session on the requested provider, or on the CPU when that provider cannot start. */
const acquire = Effect.fnUntraced(function* (model: Uint8Array | string, options: SessionOptions) {
  const requested = options.provider ?? "cpu"
  if (requested !== "cpu") {
    const attempt = yield* Effect.result(create(model, requested, options))
    if (Result.isSuccess(attempt)) {
      yield* Effect.logInfo(`onnxruntime: running on ${requested}`)
      return { session: attempt.success, provider: requested }
    }
    yield* Effect.logWarning(
      `onnxruntime: the ${requested} execution provider is unavailable (${attempt.failure.reason}); running on cpu`,
    )
  }
  return { session: yield* create(model, "cpu", options), provider: "cpu" as ExecutionProvider }
})

/**
 * Compares feeds with the session's inputs: ORT would silently drop a value fed under an unknown
 * name (for instance an input that is also an initializer), and fail later on a missing one.
 */
export const checkFeeds = (
  inputs: ReadonlyArray<ort.InferenceSession.ValueMetadata>,
  feeds: Feeds,
): OnnxFeedError | undefined => {
  const names = new Set(inputs.map((i) => i.name))
  const unknown = Object.keys(feeds).filter((k) => !names.has(k))
  const missing = inputs.filter((i) => !(i.name in feeds)).map((i) => i.name)
  const mistyped = inputs
    .filter((i) => i.isTensor && i.name in feeds && feeds[i.name]!.type !== i.type)
    .map((i) => `${i.name} (fed ${feeds[i.name]!.type}, expects ${i.isTensor ? i.type : "?"})`)
  if (unknown.length + missing.length + mistyped.length === 0) return undefined
  const parts = [
    unknown.length > 0 ? `unknown: ${unknown.join(", ")} (not an input of this model)` : "",
    missing.length > 0 ? `missing: ${missing.join(", ")}` : "",
    mistyped.length > 0 ? `wrong type: ${mistyped.join(", ")}` : "",
  ].filter((p) => p !== "")
  return new OnnxFeedError({
    unknown,
    missing,
    mistyped,
    message: `feeds do not match the model's inputs; ${parts.join("; ")}`,
  })
}

/**
 * Opens an ONNX Runtime session for a model (bytes or a `.onnx` path), released when the scope
 * closes. A provider other than `cpu` is tried first; if it cannot start, a warning says so and
 * the session runs on the CPU ({@link OnnxSession.provider} tells which).
 *
 * @example
 * const program = Effect.scoped(
 *   Effect.gen(function* () {
 *     const session = yield* openSession(bytes, { provider: "cuda", intraOpThreads: 2 })
 *     const out = yield* session.run({ x: new ort.Tensor("float32", data, [1, 4]) })
 *   }),
 * )
 */
export const openSession = (
  model: Uint8Array | string,
  options: SessionOptions = {},
): Effect.Effect<OnnxSession, OnnxSessionError, Scope.Scope> =>
  Effect.acquireRelease(acquire(model, options), ({ session }) =>
    Effect.promise(() => session.release()),
  ).pipe(
    Effect.map(
      ({ session, provider }): OnnxSession => ({
        provider,
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        run: (feeds, outputs) => {
          const mismatch = checkFeeds(session.inputMetadata, feeds)
          if (mismatch !== undefined) return Effect.fail(mismatch)
          return Effect.tryPromise({
            try: () => (outputs === undefined ? session.run(feeds) : session.run(feeds, [...outputs])),
            catch: (e) => new OnnxRunError({ message: firstLine(e) }),
          }) as Effect.Effect<Record<string, ort.Tensor>, OnnxRunError>
        },
      }),
    ),
  )

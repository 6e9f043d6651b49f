/**
 * The served model, loaded in the background when the service starts so that `/health` can say
 * "loading" (and a container orchestrator wait) instead of the port staying closed.
 *
 * @module
 */
import { Cause, Context, Deferred, Effect, Exit, type FileSystem, Layer, type Path } from "effect"
import {
  type ClassifierLoadError,
  type ClassifierOptions,
  type ClassifierService,
  makeClassifier,
} from "../../model/classifier.ts"
import { ServiceUnavailable } from "../../schema/errors/http.ts"
import type { ModelCard } from "../../schema/model-card.ts"

export type ModelStatus = "loading" | "loaded" | "failed"

export interface ModelHolderService {
  readonly status: () => ModelStatus
  /** The card of the loaded model. */
  readonly card: () => ModelCard | undefined
  /** The classifier, or `ServiceUnavailable` while it loads or after it failed to. */
  readonly classifier: Effect.Effect<ClassifierService, ServiceUnavailable>
  /** Waits for the load to end: the classifier, or why it could not load. */
  readonly loaded: Effect.Effect<ClassifierService, ClassifierLoadError>
}

/** The served model as an Effect service: its load status, card and classifier. */
export class ModelHolder extends Context.Service<ModelHolder, ModelHolderService>()(
  "mirflow/http/ModelHolder",
) {
  /** Starts loading `options.modelDirectory`; the ONNX Runtime session lives as long as the layer. */
  static readonly layer = (
    options: ClassifierOptions,
  ): Layer.Layer<ModelHolder, never, FileSystem.FileSystem | Path.Path> =>
    Layer.effect(
      ModelHolder,
      Effect.gen(function* () {
        const done = yield* Deferred.make<ClassifierService, ClassifierLoadError>()
        let status: ModelStatus = "loading"
        let ready: ClassifierService | undefined
        let failure = ""
        yield* Effect.forkScoped(
          makeClassifier(options).pipe(
            Effect.onExit((exit) =>
              Effect.sync(() => {
                if (Exit.isSuccess(exit)) {
                  ready = exit.value
                  status = "loaded"
                } else {
                  status = "failed"
                  const error = Cause.findErrorOption(exit.cause)
                  failure = error._tag === "Some" ? error.value.message : Cause.pretty(exit.cause)
                }
              }),
            ),
            Effect.exit,
            Effect.flatMap((exit) => Deferred.done(done, exit)),
          ),
        )
        const classifier = Effect.suspend(() =>
          ready !== undefined
            ? Effect.succeed(ready)
            : Effect.fail(
                new ServiceUnavailable({
                  retryAfter: status === "loading" ? 1 : 60,
                  message:
                    status === "loading"
                      ? "the model is still loading; retry in a moment"
                      : `the model could not be loaded: ${failure}`,
                }),
              ),
        )
        return ModelHolder.of({
          status: () => status,
          card: () => ready?.card,
          classifier,
          loaded: Deferred.await(done),
        })
      }),
    )
}

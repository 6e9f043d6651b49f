/**
 * Dynamic batching in front of the classifier. Requests put their clips in a bounded queue; one
 * fiber takes whatever is waiting (up to `batchSize` clips) and classifies it in one ONNX Runtime
 * call, which runs in the session's worker thread, off the event loop. While a batch runs the next one
 * gathers, so batches grow with the load and a lone request waits for nobody.
 *
 * @module
 */
import { Context, Deferred, Effect, Exit, Layer, Queue } from "effect"
import type { ClassifyError, Prediction } from "../../model/classifier.ts"
import { QueueFull, type ServiceUnavailable } from "../../schema/errors/http.ts"
import type { ModelCard } from "../../schema/model-card.ts"
import type { AnalysedClip } from "../analysis/jobs.ts"
import { ServiceMetrics } from "../metrics/service-metrics.ts"
import { classifierClip } from "./clip.ts"
import { ModelHolder } from "./model-holder.ts"

export interface InferenceQueueOptions {
  /** Most clips in one inference call. */
  readonly batchSize: number
  /** Clips that may wait; one more is refused with `QueueFull`. */
  readonly capacity: number
}

export interface InferenceQueueService {
  /** Classifies one analysed clip, batched with whatever else is waiting. */
  readonly predict: (
    clip: AnalysedClip,
  ) => Effect.Effect<{ readonly prediction: Prediction; readonly card: ModelCard }, InferenceError>
  /** Clips waiting. */
  readonly depth: () => number
}

export type InferenceError = QueueFull | ServiceUnavailable | ClassifyError

interface Pending {
  readonly clip: AnalysedClip
  readonly done: Deferred.Deferred<Prediction, ClassifyError | ServiceUnavailable>
}

/** Dynamic batching in front of the classifier, as an Effect service. */
export class InferenceQueue extends Context.Service<InferenceQueue, InferenceQueueService>()(
  "mirflow/http/InferenceQueue",
) {
  static readonly layer = (
    options: InferenceQueueOptions,
  ): Layer.Layer<InferenceQueue, never, ModelHolder | ServiceMetrics> =>
    Layer.effect(
      InferenceQueue,
      Effect.gen(function* () {
        const model = yield* ModelHolder
        const metrics = yield* ServiceMetrics
        const queue = yield* Queue.dropping<Pending>(Math.max(1, options.capacity))
        metrics.gauge("mirflow_inference_queue_depth", "Clips waiting for inference.", () =>
          Queue.sizeUnsafe(queue),
        )

        const classifyBatch = Effect.fnUntraced(function* (batch: ReadonlyArray<Pending>) {
          const classifier = yield* model.classifier
          const clips = batch.map((p) => classifierClip(p.clip, classifier.card))
          const started = performance.now()
          const outcome = yield* Effect.exit(classifier.classifyBatch(clips))
          metrics.inferenceSeconds.observe((performance.now() - started) / 1000)
          metrics.inferenceBatchClips.observe(batch.length)
          if (Exit.isSuccess(outcome)) {
            for (const [i, p] of batch.entries()) yield* Deferred.succeed(p.done, outcome.value[i]!)
          } else {
            // One clip the model refuses must not fail the others: classify them one by one.
            for (const [i, p] of batch.entries())
              yield* Deferred.done(
                p.done,
                batch.length === 1
                  ? Exit.failCause(outcome.cause)
                  : yield* Effect.exit(classifier.classify(clips[i]!)),
              )
          }
        })

        yield* Effect.forkScoped(
          Effect.forever(
            Effect.flatMap(Queue.takeBetween(queue, 1, options.batchSize), (batch) =>
              classifyBatch(batch).pipe(
                // The model vanished between enqueue and run (it cannot, once loaded): answer everyone.
                Effect.catch((unavailable) =>
                  Effect.forEach(batch, (p) => Deferred.fail(p.done, unavailable), { discard: true }),
                ),
              ),
            ),
          ),
        )

        const predict = Effect.fnUntraced(function* (clip: AnalysedClip) {
          const classifier = yield* model.classifier
          const done = yield* Deferred.make<Prediction, ClassifyError | ServiceUnavailable>()
          const accepted = yield* Queue.offer(queue, { clip, done })
          if (!accepted)
            return yield* new QueueFull({
              retryAfter: 1,
              message: `the server is busy: ${options.capacity} clips are waiting for inference; retry in 1 s`,
            })
          return { prediction: yield* Deferred.await(done), card: classifier.card }
        })

        return InferenceQueue.of({ predict, depth: () => Queue.sizeUnsafe(queue) })
      }),
    )
}

/**
 * A model folder: `model.onnx` (the inference graph, preprocessing included) and `model.json` (the
 * model card), validated against the {@link ModelCard} schema when written and when read.
 *
 * @module
 */
import { Effect, FileSystem, Path, Schema } from "effect"
import * as ort from "onnxruntime-node"
import { ModelCardInvalid, ModelFileError } from "../schema/errors/model.ts"
import { ModelCard } from "../schema/model-card.ts"

/** File names inside a model folder. */
export const ModelFiles = { onnx: "model.onnx", card: "model.json" } as const

/** A model read from its folder. */
export interface LoadedModel {
  readonly directory: string
  readonly card: ModelCard
  /** The ONNX model's bytes. */
  readonly onnx: Uint8Array
}

/** Validates a card and renders it as indented JSON. */
export const encodeCard = (card: ModelCard, path: string = ModelFiles.card) =>
  Schema.encodeUnknownEffect(ModelCard)(card).pipe(
    Effect.map((json) => `${JSON.stringify(json, null, 2)}\n`),
    Effect.mapError(
      (e) => new ModelCardInvalid({ path, message: `the model card is invalid: ${e.message}` }),
    ),
  )

/** Parses and validates the text of a `model.json`. */
export const decodeCard = (text: string, path: string = ModelFiles.card) =>
  Effect.try({
    try: () => JSON.parse(text) as unknown,
    catch: (e) => new ModelCardInvalid({ path, message: `${path} is not valid JSON: ${String(e)}` }),
  }).pipe(
    Effect.flatMap(Schema.decodeUnknownEffect(ModelCard)),
    Effect.mapError((e) =>
      e._tag === "ModelCardInvalid"
        ? e
        : new ModelCardInvalid({
            path,
            message: `${path} does not match the model card schema: ${e.message}`,
          }),
    ),
  )

/**
 * Fails unless a session's inputs and outputs are the ones the card names (a `model.json` beside
 * another `model.onnx` would otherwise answer with the wrong class names).
 */
export const checkModelNames = (
  names: { readonly inputNames: ReadonlyArray<string>; readonly outputNames: ReadonlyArray<string> },
  card: ModelCard,
  path: string,
): Effect.Effect<void, ModelCardInvalid> => {
  const inputs = [...names.inputNames].sort()
  const outputs = [...names.outputNames].sort()
  const expectedInputs = [card.inputs.spectrogram, card.inputs.features].sort()
  const expectedOutputs = Object.keys(card.outputs).sort()
  return inputs.join() === expectedInputs.join() && outputs.join() === expectedOutputs.join()
    ? Effect.void
    : Effect.fail(
        new ModelCardInvalid({
          path,
          message: `model.onnx has inputs [${inputs}] and outputs [${outputs}], the card names [${expectedInputs}] and [${expectedOutputs}]`,
        }),
      )
}

const onnxNames = (onnx: Uint8Array, path: string) =>
  Effect.acquireUseRelease(
    Effect.tryPromise({
      try: () => ort.InferenceSession.create(onnx),
      catch: (e) => new ModelFileError({ path, message: `onnxruntime cannot load the model: ${String(e)}` }),
    }),
    (session) =>
      Effect.succeed({ inputNames: [...session.inputNames], outputNames: [...session.outputNames] }),
    (session) => Effect.promise(() => session.release()),
  )

const writeAtomically = Effect.fnUntraced(function* (path: string, data: Uint8Array | string) {
  const fs = yield* FileSystem.FileSystem
  const temporary = `${path}.tmp-${process.pid}`
  yield* (
    typeof data === "string" ? fs.writeFileString(temporary, data) : fs.writeFile(temporary, data)
  ).pipe(
    Effect.flatMap(() => fs.rename(temporary, path)),
    Effect.mapError((e) => new ModelFileError({ path, message: `cannot write ${path}: ${e.message}` })),
  )
})

/**
 * Writes `model.onnx` and `model.json` into `directory` (created if needed), after validating the
 * card and checking that the model's inputs and outputs are the ones the card names.
 */
export const writeModel = Effect.fn("writeModel")(function* (
  directory: string,
  onnx: Uint8Array,
  card: ModelCard,
) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const cardPath = path.join(directory, ModelFiles.card)
  const text = yield* encodeCard(card, cardPath)
  yield* checkModelNames(yield* onnxNames(onnx, cardPath), card, cardPath)
  yield* fs
    .makeDirectory(directory, { recursive: true })
    .pipe(
      Effect.mapError(
        (e) => new ModelFileError({ path: directory, message: `cannot create ${directory}: ${e.message}` }),
      ),
    )
  yield* writeAtomically(path.join(directory, ModelFiles.onnx), onnx)
  yield* writeAtomically(cardPath, text)
})

/**
 * Reads a model folder and validates its card. (The card is checked against the ONNX model's inputs
 * and outputs by whoever opens a session on it: {@link checkModelNames}.)
 */
export const readModel = Effect.fn("readModel")(function* (directory: string) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const cardPath = path.join(directory, ModelFiles.card)
  const onnxPath = path.join(directory, ModelFiles.onnx)
  const text = yield* fs.readFileString(cardPath).pipe(
    Effect.mapError(
      (e) =>
        new ModelFileError({
          path: cardPath,
          message: `cannot read ${cardPath}: ${e.message} (a model folder holds model.onnx and model.json, as \`mirflow train\` writes them)`,
        }),
    ),
  )
  const card = yield* decodeCard(text, cardPath)
  const onnx = yield* fs
    .readFile(onnxPath)
    .pipe(
      Effect.mapError(
        (e) => new ModelFileError({ path: onnxPath, message: `cannot read ${onnxPath}: ${e.message}` }),
      ),
    )
  return { directory, card, onnx } satisfies LoadedModel
})

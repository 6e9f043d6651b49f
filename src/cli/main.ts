/**
 * The `mirflow` command: a thin layer over the library's Effect programs.
 * Each subcommand lives in `commands/`, one file each.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Runtime } from "effect"
import { Command } from "effect/cli"
import { mirflowVersion } from "../version.ts"
import { analyze } from "./commands/analyze.ts"
import { classify } from "./commands/classify.ts"
import { evaluate } from "./commands/evaluate.ts"
import { preprocessDataset } from "./commands/preprocess-dataset.ts"
import { serve, serverStoppedCleanly } from "./commands/serve.ts"
import { spectrogram } from "./commands/spectrogram.ts"
import { train } from "./commands/train.ts"
import { validate } from "./commands/validate.ts"

const mirflow = Command.make("mirflow").pipe(
  Command.withDescription("Music classification pipelines: datasets, features, training and serving"),
)

mirflow.pipe(
  Command.withSubcommands([
    analyze,
    spectrogram,
    preprocessDataset,
    validate,
    train,
    evaluate,
    classify,
    serve,
  ]),
  Command.run({ version: mirflowVersion }),
  Effect.provide(NodeServices.layer),
  NodeRuntime.runMain({
    teardown: (exit, onExit) =>
      Runtime.defaultTeardown(exit, (code) => onExit(code === 130 && serverStoppedCleanly.value ? 0 : code)),
  }),
)

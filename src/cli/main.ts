/**
 * The `mirflow` command: a thin layer over the library's Effect programs.
 * Each subcommand lives in `commands/`, one file each.
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { Command } from "effect/cli"
import { mirflowVersion } from "../version.ts"
import { spectrogram } from "./commands/spectrogram.ts"

const mirflow = Command.make("mirflow").pipe(
  Command.withDescription("Music classification pipelines: datasets, features, training and serving"),
)

mirflow.pipe(
  Command.withSubcommands([spectrogram]),
  Command.run({ version: mirflowVersion }),
  Effect.provide(NodeServices.layer),
  NodeRuntime.runMain,
)

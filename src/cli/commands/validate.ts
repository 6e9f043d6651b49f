/** `mirflow validate DIR`: checks a dataset's manifest and files; exit code 1 on any problem. */
import { Console, Effect } from "effect"
import { Argument, Command } from "effect/cli"
import { validateDataset } from "../../stream/dataset/validate.ts"
import { reportFailures } from "../report.ts"

export const validate = Command.make(
  "validate",
  { target: Argument.String("dataset").pipe(Argument.withDescription("Dataset folder or manifest file")) },
  ({ target }) =>
    reportFailures(
      Effect.gen(function* () {
        const report = yield* validateDataset(target)
        for (const problem of report.problems) yield* Console.error(`  ✗ ${problem}`)
        if (report.problems.length > 0) {
          yield* Console.error(`${report.manifestPath}: ${report.problems.length} problem(s)`)
          process.exitCode = 1
        } else {
          yield* Console.log(`${report.manifestPath}: ${report.files} files, all valid`)
        }
      }),
    ),
).pipe(Command.withDescription("Check a dataset: the manifest against its schema and every file it lists"))

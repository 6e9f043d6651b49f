/**
 * How the CLI reports failures: one line a user can act on, on standard error, and a non-zero exit
 * code. mirflow's errors are tagged errors with a `message`; anything else is a bug and is shown whole.
 */
import { Cause, Console, Effect } from "effect"

const describe = (error: unknown): string => {
  if (
    typeof error === "object" &&
    error !== null &&
    "message" in error &&
    typeof error.message === "string"
  ) {
    const tag = "_tag" in error && typeof error._tag === "string" ? `${error._tag}: ` : ""
    return `${tag}${error.message}`
  }
  return String(error)
}

/** Runs a command's effect; a typed failure prints `mirflow: <Tag>: <message>` and sets exit code 1. */
export const reportFailures = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
): Effect.Effect<A | undefined, never, R> =>
  effect.pipe(
    Effect.catchCause((cause) =>
      Effect.gen(function* () {
        const failure = Cause.findErrorOption(cause)
        if (failure._tag === "Some") yield* Console.error(`mirflow: ${describe(failure.value)}`)
        else yield* Console.error(`mirflow: unexpected error\n${Cause.pretty(cause)}`)
        process.exitCode = 1
        return undefined
      }),
    ),
  )

/**
 * Query parameters, decoded through their schemas (`src/schema/api.ts`): a bad one is a
 * `BadRequest` that names it.
 *
 * @module
 */
import { Effect, Schema } from "effect"
import { BadRequest } from "../schema/errors/http.ts"

/** The query decoded by `schema`, or a `BadRequest` naming the bad parameter. */
export const decodeQuery = <A, I>(schema: Schema.Codec<A, I>, query: Record<string, string>) =>
  Schema.decodeUnknownEffect(schema)(query).pipe(
    Effect.mapError((e) => new BadRequest({ message: `invalid query parameter: ${e.message}` })),
  )

/** Window length and hop in seconds: defaults 3 s and half the window; the hop may not exceed the window. */
export const windowsOf = (query: { readonly window?: number; readonly hop?: number }) => {
  const window = query.window ?? 3
  const hop = query.hop ?? window / 2
  return hop > window
    ? Effect.fail(new BadRequest({ message: `hop (${hop} s) must not exceed window (${window} s)` }))
    : Effect.succeed({ window, hop })
}

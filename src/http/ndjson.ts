/**
 * Newline-delimited JSON responses from Effect streams. The response waits for the stream's first
 * line, so a failure before any line (audio that is not audio, an oversized body) is an ordinary
 * error response with its status; a failure after that ends the body with an error line.
 *
 * @module
 */
import { Cause, type Context, Stream } from "effect"
import { type ApiError, apiErrorOf } from "./errors/api-error.ts"
import { errorResponse } from "./respond.ts"

/** A line to send, or the failure that ended the stream. */
export type Outcome<L> = { readonly line: L } | { readonly failure: ApiError }

/** A stream's lines and, in place of its failure, one last `failure` item: a stream that cannot fail. */
export const outcomes = <L, E, R>(lines: Stream.Stream<L, E, R>): Stream.Stream<Outcome<L>, never, R> =>
  lines.pipe(
    Stream.map((line): Outcome<L> => ({ line })),
    Stream.catchCause((cause) => {
      const error = Cause.findErrorOption(cause)
      return Cause.hasInterruptsOnly(cause)
        ? Stream.empty
        : Stream.succeed<Outcome<L>>({ failure: apiErrorOf(error._tag === "Some" ? error.value : undefined) })
    }),
  )

const encoder = new TextEncoder()

/**
 * Runs `lines` with `context` and answers NDJSON (`application/x-ndjson`), each line flushed as it
 * comes. `encode` renders a line, and an error line from a failure after the first line.
 */
export const ndjsonResponse = async <L, R>(
  lines: Stream.Stream<Outcome<L>, never, R>,
  context: Context.Context<R>,
  encode: (item: { readonly line: L } | { readonly error: ApiError }) => string,
): Promise<Response> => {
  const reader = Stream.toReadableStreamWith(lines, context).getReader()
  const first = await reader.read()
  if (first.done) return errorResponse(apiErrorOf(undefined))
  if ("failure" in first.value) {
    void reader.cancel()
    return errorResponse(first.value.failure)
  }
  const render = (item: Outcome<L>) =>
    encoder.encode(`${encode("line" in item ? item : { error: item.failure })}\n`)
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(render(first.value))
    },
    async pull(controller) {
      const next = await reader.read()
      if (next.done) controller.close()
      else controller.enqueue(render(next.value))
    },
    cancel(reason) {
      return reader.cancel(reason)
    },
  })
  return new Response(body, {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
    },
  })
}

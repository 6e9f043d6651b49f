/**
 * Responses whose bodies go through an Effect Schema: what the service sends is what its OpenAPI
 * document (generated from the same schemas) says.
 *
 * @module
 */
import { Schema } from "effect"
import { ErrorResponse } from "../schema/api.ts"
import type { ApiError } from "./errors/api-error.ts"

/** `value` encoded by `schema` as JSON text (throws if `value` does not match: a bug, answered 500). */
export const encodeJson = <A, I>(schema: Schema.Codec<A, I>, value: NoInfer<A>): string =>
  JSON.stringify(Schema.encodeSync(schema)(value))

/** A JSON response whose body is `value` encoded by `schema`. */
export const jsonResponse = <A, I>(
  schema: Schema.Codec<A, I>,
  value: NoInfer<A>,
  status = 200,
  headers: Readonly<Record<string, string>> = {},
): Response =>
  new Response(encodeJson(schema, value), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
  })

/** The `{"error": {"code", "message"}}` response of a failure. */
export const errorResponse = (error: ApiError): Response =>
  jsonResponse(
    ErrorResponse,
    { error: { code: error.code, message: error.message } },
    error.status,
    error.headers,
  )

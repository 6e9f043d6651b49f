/**
 * Reading `multipart/form-data` uploads within a size limit, and the files in them.
 *
 * @module
 */
import { Effect } from "effect"
import { BadRequest, PayloadTooLarge, UnsupportedMediaType } from "../../schema/errors/http.ts"
import { declaredTooLarge, limitBody, payloadTooLarge } from "./limit.ts"

/** An uploaded file: its name as the client gave it (never used as a path) and its bytes. */
export interface Upload {
  readonly filename: string
  readonly bytes: Uint8Array
}

/**
 * Characters removed from echoed names: C0 and C1 controls, Unicode line and paragraph separators,
 * and the bidirectional overrides that make `song\u202Egpj.exe` display as `songexe.jpg`.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/**
 * A client-supplied file name made safe to echo back: control and bidirectional-override characters
 * removed, at most 255 characters (cut between code points, never inside an emoji's surrogate pair),
 * `"upload"` when empty. The service never uses it as a path.
 */
export const displayName = (name: string): string => {
  const clean = name.replace(UNSAFE_IN_NAMES, "").trim()
  const chars = [...clean]
  return clean === "" ? "upload" : chars.length > 255 ? `${chars.slice(0, 252).join("")}...` : clean
}

/**
 * The request's form, read within `limit` bytes: `UnsupportedMediaType` unless the body is
 * `multipart/form-data`, `PayloadTooLarge` past the limit, `BadRequest` when it does not parse.
 */
export const readForm = (
  request: Request,
  limit: number,
): Effect.Effect<FormData, BadRequest | PayloadTooLarge | UnsupportedMediaType> =>
  Effect.gen(function* () {
    const type = request.headers.get("content-type") ?? ""
    if (!/^multipart\/form-data\s*;/i.test(type))
      return yield* new UnsupportedMediaType({
        message: `expected a multipart/form-data upload, got ${type === "" ? "no Content-Type" : `Content-Type ${type.split(";")[0]}`}`,
      })
    if (declaredTooLarge(request, limit)) return yield* payloadTooLarge(limit)
    if (request.body === null) return yield* new BadRequest({ message: "the request has no body" })
    const body = limitBody(request.body, limit)
    const form = new Request("http://upload.invalid/", {
      method: "POST",
      headers: { "content-type": type },
      body: body.stream,
      duplex: "half",
    } as RequestInit)
    return yield* Effect.tryPromise({
      try: () => form.formData(),
      catch: (e) =>
        body.failure() instanceof PayloadTooLarge
          ? payloadTooLarge(limit)
          : new BadRequest({
              message: `the multipart body could not be read: ${e instanceof Error ? e.message : String(e)}`,
            }),
    })
  })

/** The files of a form field, in upload order; a text value in the field is a `BadRequest`. */
export const filesOf = (form: FormData, field: string): Effect.Effect<Upload[], BadRequest> =>
  Effect.gen(function* () {
    const values = form.getAll(field)
    const uploads: Upload[] = []
    for (const value of values) {
      if (typeof value === "string")
        return yield* new BadRequest({ message: `the "${field}" field must hold a file, not text` })
      uploads.push({
        filename: displayName(value.name),
        bytes: new Uint8Array(yield* Effect.promise(() => value.arrayBuffer())),
      })
    }
    return uploads
  })

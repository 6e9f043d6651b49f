/**
 * Upload size limits that hold while the body streams in: a declared `Content-Length` over the
 * limit is refused before a byte is read, and a chunked body is cut off the moment it passes the
 * limit, so an oversized upload never sits whole in memory.
 *
 * @module
 */
import { PayloadTooLarge, RequestTimeout } from "../../schema/errors/http.ts"

const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes < 1e6 ? 3 : 1)} MB`

/** The error of a body over `limit` bytes. */
export const payloadTooLarge = (limit: number, what = "the upload"): PayloadTooLarge =>
  new PayloadTooLarge({
    limit,
    message: `${what} is larger than the limit of ${megabytes(limit)} (${limit} bytes; MAX_FILE_SIZE)`,
  })

/** The body's declared length, when it declares one and it exceeds `limit`. */
export const declaredTooLarge = (request: Request, limit: number): boolean => {
  const declared = request.headers.get("content-length")
  return declared !== null && !request.headers.has("transfer-encoding") && Number(declared) > limit
}

/** A body that errors with {@link PayloadTooLarge} as soon as more than `limit` bytes have come in. */
export interface LimitedBody {
  readonly stream: ReadableStream<Uint8Array>
  /**
   * The error the wrapper ended the body with (over the limit, or idle too long), so that a consumer
   * that reports read errors its own way can be answered with the real reason.
   */
  readonly failure: () => PayloadTooLarge | RequestTimeout | undefined
  /** Bytes read so far. */
  readonly received: () => number
}

export interface LimitOptions {
  /** Names the body in the 413 message. Default "the upload". */
  readonly what?: string
  /** Seconds without a byte after which the body errors with `RequestTimeout`. Default: no limit. */
  readonly idleTimeout?: number
}

/** The next chunk, or a `RequestTimeout` if none comes within `seconds`. */
const readWithin = (reader: ReadableStreamDefaultReader<Uint8Array>, seconds: number | undefined) => {
  if (seconds === undefined) return reader.read()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new RequestTimeout({
            seconds,
            message: `the upload sent no data for ${seconds} s (REQUEST_TIMEOUT)`,
          }),
        ),
      seconds * 1000,
    )
  })
  return Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer))
}

/**
 * Wraps a request body so that reading it stops past `limit` bytes. The source is released, not
 * cancelled, so the connection stays open long enough to send the 413.
 */
export const limitBody = (
  body: ReadableStream<Uint8Array>,
  limit: number,
  options: LimitOptions = {},
): LimitedBody => {
  let received = 0
  let failure: PayloadTooLarge | RequestTimeout | undefined
  const reader = body.getReader()
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>
      try {
        chunk = await readWithin(reader, options.idleTimeout)
      } catch (e) {
        if (e instanceof RequestTimeout) failure = e
        reader.releaseLock()
        controller.error(e)
        return
      }
      if (chunk.done) {
        controller.close()
        return
      }
      received += chunk.value.byteLength
      if (received > limit) {
        failure = payloadTooLarge(limit, options.what)
        reader.releaseLock()
        controller.error(failure)
        return
      }
      controller.enqueue(chunk.value)
    },
    cancel(reason) {
      return reader.cancel(reason)
    },
  })
  return { stream, failure: () => failure, received: () => received }
}

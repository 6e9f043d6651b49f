/**
 * One `/classify/live` WebSocket session: binary messages of raw PCM go into a queue, the queue is
 * classified window by window (the same path as `/classify/stream`), and each window's prediction
 * is sent back as a JSON message as soon as it is ready. A text message `end` (or `{"type":"end"}`)
 * ends the input: the last windows and a summary follow, then the server closes the socket.
 *
 * @module
 */
import { Cause, Effect, Exit, Queue, Stream } from "effect"
import { LiveMessage, type LiveMessage as LiveMessageType } from "../../schema/api.ts"
import { type AudioTooLong, audioTooLong } from "../../schema/errors/decode.ts"
import { BadRequest, QueueFull } from "../../schema/errors/http.ts"
import type { InvalidSamples } from "../../schema/errors/signal.ts"
import type { MonoChunk } from "../../stream/chunks.ts"
import { classifyWindows } from "../classify/classify-windows.ts"
import { type Outcome, outcomes } from "../ndjson.ts"
import { encodeJson } from "../respond.ts"
import type { EffectRunner } from "../runner.ts"
import { type PcmFormat, PcmReader } from "./pcm-reader.ts"

export interface LiveOptions {
  readonly sampleRate: number
  readonly format: PcmFormat
  readonly window: number
  readonly hop: number
}

/** What a session needs of its socket. */
export interface LiveSocket {
  send(text: string): void
  close(code: number, reason: string): void
}

/** Seconds of audio a client may be ahead of the analysis before it is told to slow down. */
const MAX_BACKLOG_SECONDS = 30

/** WebSocket close codes (RFC 6455 §7.4.1). */
const Close = { normal: 1000, goingAway: 1001, policy: 1008, internal: 1011, tryAgain: 1013 } as const

const closeCodeOf = (status: number): number =>
  status === 503 ? Close.tryAgain : status >= 500 ? Close.internal : Close.policy

type InputError = BadRequest | QueueFull | AudioTooLong | InvalidSamples

/** One live session: feed it the socket's messages; it sends the answers and closes the socket. */
export class LiveSession {
  private readonly queue: Queue.Queue<MonoChunk, InputError | Cause.Done>
  private readonly reader: PcmReader
  private readonly controller = new AbortController()
  private pending = 0
  private received = 0
  private ended = false
  private closeCode: number = Close.normal
  /** Resolves when the session has sent its last message and closed the socket. */
  readonly finished: Promise<void>

  private readonly socket: LiveSocket
  private readonly options: LiveOptions
  private readonly runner: EffectRunner

  constructor(socket: LiveSocket, options: LiveOptions, runner: EffectRunner) {
    this.socket = socket
    this.options = options
    this.runner = runner
    this.queue = Effect.runSync(Queue.unbounded<MonoChunk, InputError | Cause.Done>())
    this.reader = new PcmReader(options.format)
    this.send({
      type: "ready",
      sample_rate: options.sampleRate,
      format: options.format,
      window: options.window,
      hop: options.hop,
    })
    this.finished = this.run()
  }

  private send(message: LiveMessageType): void {
    this.socket.send(encodeJson(LiveMessage, message))
  }

  private async run(): Promise<void> {
    const chunks = Stream.fromQueue(this.queue).pipe(
      Stream.tap((c) => Effect.sync(() => (this.pending -= c.samples.length))),
    )
    const lines = outcomes(
      classifyWindows(chunks, {
        window: this.options.window,
        hop: this.options.hop,
        endpoint: "/classify/live",
      }),
    )
    let failed: number | undefined
    const exit = await this.runner.run(
      Stream.runForEach(lines, (item: Outcome<LiveMessageType>) =>
        Effect.sync(() => {
          if ("line" in item) this.send(item.line)
          else {
            failed = closeCodeOf(item.failure.status)
            this.send({ type: "error", error: { code: item.failure.code, message: item.failure.message } })
          }
        }),
      ),
      this.controller.signal,
    )
    if (this.controller.signal.aborted) return
    const code = failed ?? (Exit.isFailure(exit) ? Close.internal : this.closeCode)
    this.socket.close(code, code === Close.normal || code === Close.goingAway ? "done" : "error")
  }

  /** Fails the input: the error is sent as the last message. */
  private fail(error: InputError): void {
    this.ended = true
    Queue.failCauseUnsafe(this.queue, Cause.fail(error))
  }

  /** Why these samples cannot be taken: the client is too far ahead, or past MAX_DURATION. */
  private refusal(count: number): InputError | undefined {
    const rate = this.options.sampleRate
    if (this.pending + count > MAX_BACKLOG_SECONDS * rate)
      return new QueueFull({
        retryAfter: MAX_BACKLOG_SECONDS,
        message: `audio arrives faster than it can be analysed (more than ${MAX_BACKLOG_SECONDS} s waiting): send in real time`,
      })
    const maxDuration = this.runner.config.maxDuration
    if ((this.received + count) / rate > maxDuration)
      return audioTooLong((this.received + count) / rate, maxDuration, false)
    return undefined
  }

  /** A binary message: PCM samples. */
  binary(bytes: Uint8Array): void {
    if (this.ended) return
    const samples = this.reader.read(bytes)
    const refused = samples instanceof Float32Array ? this.refusal(samples.length) : samples
    if (refused !== undefined) this.fail(refused)
    else if (samples instanceof Float32Array && samples.length > 0) {
      this.pending += samples.length
      const chunk: MonoChunk = {
        _tag: "MonoChunk",
        sampleRate: this.options.sampleRate,
        offset: this.received,
        samples,
      }
      Queue.offerUnsafe(this.queue, chunk)
      this.received += samples.length
    }
  }

  /** A text message: `end` (or `{"type":"end"}`) ends the input; anything else is an error. */
  text(text: string): void {
    if (this.ended) return
    const trimmed = text.trim()
    if (trimmed === "end" || trimmed.replace(/\s/g, "") === '{"type":"end"}') this.end()
    else
      this.fail(
        new BadRequest({
          message: 'text messages: only "end" (or {"type":"end"}); send audio as binary messages of raw PCM',
        }),
      )
  }

  /** Ends the input: the last windows and the summary are sent, then the socket closes. */
  end(code: number = Close.normal): void {
    if (this.ended) return
    this.ended = true
    this.closeCode = code
    Queue.endUnsafe(this.queue)
  }

  /** Ends the input because the server is shutting down (close code 1001). */
  shutdown(): void {
    this.end(Close.goingAway)
  }

  /** The client went away: stop at once. */
  abort(): void {
    this.ended = true
    this.controller.abort()
  }
}

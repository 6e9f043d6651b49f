/**
 * `GET /classify/live?sample_rate=48000&format=f32le&window=3&hop=1.5`: a WebSocket for live audio.
 * Send binary messages of raw mono PCM (`f32le`: float32 little-endian in [-1, 1]; `s16le`: signed
 * 16-bit little-endian) at `sample_rate` Hz, in pieces of any size; send the text `end` to finish.
 * The server answers with JSON messages: `ready` (the format it expects), one `window` per window
 * as soon as its audio has arrived, a `summary` after `end`, or an `error` before it closes.
 *
 * @module
 */
import { upgradeWebSocket } from "@hono/node-server"
import { Effect, Exit } from "effect"
import { Hono } from "hono"
import { LiveQuery } from "../../schema/api.ts"
import { BadRequest } from "../../schema/errors/http.ts"
import { type LiveOptions, LiveSession } from "../live/live-session.ts"
import type { LiveSessions } from "../live/live-sessions.ts"
import { decodeQuery, windowsOf } from "../query.ts"
import { causeResponse, type EffectRunner } from "../runner.ts"

/** The `/classify/live` WebSocket route; its sessions are registered in `sessions` for shutdown. */
export const classifyLiveRoutes = (runner: EffectRunner, sessions: LiveSessions) =>
  new Hono<{ Variables: { live: LiveOptions } }>().get(
    "/classify/live",
    async (c, next) => {
      const checked = await runner.run(
        Effect.gen(function* () {
          if (c.req.header("upgrade")?.toLowerCase() !== "websocket")
            return yield* new BadRequest({
              message: "/classify/live is a WebSocket endpoint: connect with ws://",
            })
          const query = yield* decodeQuery(LiveQuery, c.req.query())
          const { window, hop } = yield* windowsOf(query)
          return {
            sampleRate: query.sample_rate ?? 48000,
            format: query.format ?? "f32le",
            window,
            hop,
          } as const
        }),
      )
      if (Exit.isFailure(checked)) return causeResponse(runner, checked.cause)
      c.set("live", checked.value)
      return next()
    },
    upgradeWebSocket((c) => {
      const options = c.get("live")
      let session: LiveSession | undefined
      return {
        onOpen: (_event, ws) => {
          const socket = {
            send: (text: string) => ws.send(text),
            close: (code: number, why: string) => ws.close(code, why),
          }
          session = new LiveSession(socket, options, runner)
          sessions.add(session)
        },
        onMessage: (event) => {
          if (typeof event.data === "string") session?.text(event.data)
          else if (event.data instanceof ArrayBuffer) session?.binary(new Uint8Array(event.data))
        },
        onClose: () => session?.abort(),
      }
    }),
  )

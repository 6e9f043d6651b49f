/**
 * mirflow's HTTP service: a Hono app over the stream and model layers, with dynamic batching,
 * worker-thread analysis, streaming and live classification, OpenAPI and a demo page.
 *
 * @module
 */
export * from "../schema/api.ts"
export * from "../schema/errors/http.ts"
export { type AppParts, makeApp } from "./app.ts"
export {
  bundledModelPath,
  defaultServerConfig,
  HttpConfig,
  readServerConfig,
  type ServerConfig,
  serverConfig,
} from "./config.ts"
export { openApiDocument } from "./openapi/document.ts"
export { type EffectRunner, type HttpServices, makeRunner } from "./runner.ts"
export { serve } from "./serve.ts"
export { httpServices, type RunningServer, startServer } from "./server.ts"

/**
 * `GET /openapi.json` (OpenAPI 3.1, from the response schemas) and `GET /docs` (its HTML rendering).
 *
 * @module
 */
import { Hono } from "hono"
import { docsPage } from "../openapi/docs-page.ts"
import { openApiDocument } from "../openapi/document.ts"

/** The `/openapi.json` and `/docs` routes (the document is built once). */
export const openApiRoutes = () => {
  const document = openApiDocument()
  const page = docsPage(document)
  return new Hono().get("/openapi.json", (c) => c.json(document)).get("/docs", (c) => c.html(page))
}

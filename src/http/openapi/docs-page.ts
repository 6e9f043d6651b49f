/**
 * `GET /docs`: the OpenAPI document rendered as one self-contained HTML page (no scripts, no
 * external assets, so it works offline and behind strict content policies): each endpoint with its
 * parameters and responses, then each schema with its fields.
 *
 * @module
 */
type Json = Record<string, unknown>

const escapeHtml = (text: unknown): string =>
  String(text ?? "").replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

const asObject = (value: unknown): Json =>
  typeof value === "object" && value !== null ? (value as Json) : {}

/** A short type for a JSON Schema: `ClassScore[]`, `number (0.5–30)`, `"f32le" | "s16le"`. */
const typeOf = (schema: unknown): string => {
  const s = asObject(schema)
  if (typeof s.$ref === "string") {
    const name = s.$ref.split("/").pop()!
    return `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>`
  }
  if (Array.isArray(s.enum)) return s.enum.map((v) => escapeHtml(JSON.stringify(v))).join(" | ")
  if (Array.isArray(s.anyOf)) return s.anyOf.map(typeOf).join(" | ")
  if (Array.isArray(s.oneOf)) return s.oneOf.map(typeOf).join(" | ")
  if (s.type === "array")
    return `${Array.isArray(s.prefixItems) ? `[${s.prefixItems.map(typeOf).join(", ")}]` : `${typeOf(s.items)}[]`}`
  const range =
    s.minimum !== undefined || s.maximum !== undefined ? ` (${s.minimum ?? ""}–${s.maximum ?? ""})` : ""
  return `${escapeHtml(s.type ?? "any")}${escapeHtml(range)}`
}

const fieldsTable = (schema: unknown): string => {
  const s = asObject(schema)
  const properties = asObject(s.properties)
  const required = new Set(Array.isArray(s.required) ? s.required : [])
  const rows = Object.entries(properties).map(
    ([name, p]) =>
      `<tr><td><code>${escapeHtml(name)}</code>${required.has(name) ? "" : " <small>optional</small>"}</td><td>${typeOf(p)}</td><td>${escapeHtml(asObject(p).description)}</td></tr>`,
  )
  return rows.length === 0
    ? `<p>${typeOf(schema)}</p>`
    : `<table><tr><th>field</th><th>type</th><th>meaning</th></tr>${rows.join("")}</table>`
}

const operation = (path: string, method: string, op: Json): string => {
  const parameters = Array.isArray(op.parameters) ? (op.parameters as Json[]) : []
  const params =
    parameters.length === 0
      ? ""
      : `<h4>Query parameters</h4><table><tr><th>name</th><th>type</th><th>meaning</th></tr>${parameters
          .map(
            (p) =>
              `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${typeOf(p.schema)}</td><td>${escapeHtml(p.description)}</td></tr>`,
          )
          .join("")}</table>`
  const body = asObject(asObject(op.requestBody).content)
  const request =
    Object.keys(body).length === 0
      ? ""
      : `<h4>Request body</h4><ul>${Object.entries(body)
          .map(
            ([type, media]) =>
              `<li><code>${escapeHtml(type)}</code>: ${fieldsTable(asObject(media).schema)}</li>`,
          )
          .join("")}</ul>`
  const responses = Object.entries(asObject(op.responses))
    .map(([status, r]) => {
      const content = asObject(asObject(r).content)
      const types = Object.entries(content)
        .map(
          ([type, media]) =>
            `<code>${escapeHtml(type)}</code> ${asObject(media).schema === undefined ? "" : typeOf(asObject(media).schema)}`,
        )
        .join(", ")
      return `<tr><td>${escapeHtml(status)}</td><td>${escapeHtml(asObject(r).description)}</td><td>${types}</td></tr>`
    })
    .join("")
  return `<section id="op-${escapeHtml(op.operationId)}"><h3><span class="method">${escapeHtml(method.toUpperCase())}</span> ${escapeHtml(path)}</h3>
<p><strong>${escapeHtml(op.summary)}</strong>${op.description === undefined ? "" : `. ${escapeHtml(op.description)}`}</p>
${params}${request}<h4>Responses</h4><table><tr><th>status</th><th>meaning</th><th>body</th></tr>${responses}</table></section>`
}

/** The HTML reference of an OpenAPI 3.1 document. */
export const docsPage = (document: Json): string => {
  const info = asObject(document.info)
  const operations = Object.entries(asObject(document.paths)).flatMap(([path, item]) =>
    Object.entries(asObject(item)).map(([method, op]) => operation(path, method, asObject(op))),
  )
  const schemas = Object.entries(asObject(asObject(document.components).schemas))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, schema]) =>
        `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3>${asObject(schema).description === undefined ? "" : `<p>${escapeHtml(asObject(schema).description)}</p>`}${fieldsTable(schema)}</section>`,
    )
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} API ${escapeHtml(info.version)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}code{background:#f4f4f4;padding:0 .2rem}.method{background:#2d6cdf;color:#fff;padding:.1rem .4rem;border-radius:3px;font-size:.85em}
section{border-top:1px solid #eee;padding-top:.5rem}
</style></head><body>
<h1>${escapeHtml(info.title)} API <small>${escapeHtml(info.version)}</small></h1>
<p>${escapeHtml(info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}). Try it: <a href="/">the demo page</a>.</p>
<h2>Endpoints</h2>${operations.join("\n")}
<h2>Schemas</h2>${schemas.join("\n")}
</body></html>`
}

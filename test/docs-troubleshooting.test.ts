/** docs/troubleshooting.md explains every tagged error mirflow defines. */
import { readdirSync, readFileSync } from "node:fs"
import { expect, it } from "vitest"

const root = new URL("..", import.meta.url)
const errorsDir = new URL("src/schema/errors/", root)

it("docs/troubleshooting.md has a row for every error in src/schema/errors", () => {
  const tags = readdirSync(errorsDir)
    .filter((f) => f.endsWith(".ts"))
    .flatMap((f) =>
      [...readFileSync(new URL(f, errorsDir), "utf8").matchAll(/Schema\.TaggedError<\w+>\(\)\("(\w+)"/g)].map(
        (m) => m[1]!,
      ),
    )
  expect(tags.length).toBeGreaterThan(30)
  const doc = readFileSync(new URL("docs/troubleshooting.md", root), "utf8")
  const rows = new Set([...doc.matchAll(/^\| `(\w+)`/gm)].map((m) => m[1]!))
  expect(tags.filter((tag) => !rows.has(tag))).toEqual([])
})

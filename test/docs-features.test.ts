import { readFileSync } from "node:fs"
import { expect, it } from "vitest"
import { renderFeatureReference } from "../scripts/docs/feature-table.ts"

it("docs/features.md is generated from the feature table (run npm run docs:features)", () => {
  expect(readFileSync(new URL("../docs/features.md", import.meta.url), "utf8")).toBe(renderFeatureReference())
})

/**
 * Every code block of README.md and docs/*.md runs here, so the docs cannot drift from the code.
 *
 * - ```` ```sh ```` blocks run with bash (`-e -o pipefail`) in a sandbox shaped like the repository
 *   (test/support/doc-sandbox.ts), one sandbox per doc, the blocks of a doc in order: a block may use
 *   what an earlier one wrote. They must exit 0, or the `exit=N` of their info string.
 * - ```` ```ts ```` blocks type-check together (tsc, the repository's settings) and run with Node
 *   (`--conditions=source`, as `npm run example` does) from the doc's sandbox.
 * - Attributes: `server` (the block starts the service: it runs in the background until the doc is
 *   done), `expect="text"` (the output contains it), `exit=N`, `skip="why"` (not run: listed below
 *   with its reason), `excerpt=path` on a ```` ```json ```` block (what it shows equals that file; objects
 *   may leave fields out).
 * - ```` ```json ```` and ```` ```text ```` blocks without `excerpt` show output or diagrams; any other
 *   language fails, so a new kind of block gets a runner before it can go unchecked.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { availableParallelism } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { type DocBlock, docBlocks } from "./support/doc-blocks.ts"
import { DocRun, root, runProcess, stopSharedServer } from "./support/doc-sandbox.ts"

const docs = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`),
]
const blocks = docs.flatMap((doc) => docBlocks(root, doc))
const RUN = new Set(["sh", "ts"])
const SHOW = new Set(["json", "text"])
const where = (b: DocBlock) => `${b.doc}:${b.line}`
const slug = (b: DocBlock) => `${b.doc.replace(/[/.]/g, "_")}_${b.line}`
/** A guard against a hung block, not a speed target: blocks take seconds, more on a loaded machine. */
const BLOCK_TIMEOUT = 120_000
/** Docs running at once: one more than the cores, so a doc waiting on a server does not idle a core. */
const DOCS_AT_ONCE = availableParallelism() + 1

afterAll(stopSharedServer, 30_000)

describe("the docs' code blocks", () => {
  it("each has a language this test runs or a display language", () => {
    const unknown = blocks
      .filter((b) => !RUN.has(b.lang) && !SHOW.has(b.lang))
      .map((b) => `${where(b)} ${b.lang || "(none)"}`)
    expect(unknown).toEqual([])
  })

  it("lists the blocks that are not run, each with its reason", () => {
    const skipped = blocks.filter((b) => b.attributes.skip !== undefined)
    for (const b of skipped) expect(b.attributes.skip, where(b)).toMatch(/\w{3,}/)
    console.info(
      `${skipped.length} doc blocks not run:\n${skipped.map((b) => `  ${where(b)} ${b.lang}: ${b.attributes.skip}`).join("\n")}`,
    )
  })

  it(
    "ts blocks type-check",
    async () => {
      const dir = join(root, ".tmp", "doc-blocks", "typecheck")
      rmSync(dir, { recursive: true, force: true })
      mkdirSync(dir, { recursive: true })
      const ts = blocks.filter((b) => b.lang === "ts")
      for (const b of ts) writeFileSync(join(dir, `${slug(b)}.ts`), b.code)
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({ extends: "../../../tsconfig.json", include: ["*.ts"] }),
      )
      const result = await runProcess(
        join(root, "node_modules/.bin/tsc"),
        ["--noEmit", "-p", dir],
        root,
        BLOCK_TIMEOUT,
      )
      expect(result.output).toBe("")
      expect(result.code).toBe(0)
    },
    BLOCK_TIMEOUT,
  )

  it("json excerpts equal the files they quote", () => {
    for (const b of blocks.filter((b) => b.lang === "json" && b.attributes.excerpt !== undefined)) {
      const file = JSON.parse(readFileSync(join(root, b.attributes.excerpt!), "utf8"))
      const excerpt = JSON.parse(b.code) as Record<string, unknown>
      expect(Object.keys(excerpt).length, where(b)).toBeGreaterThan(0)
      // Objects may leave fields out; what is shown equals the file (arrays whole).
      expect(file, `${where(b)} quotes ${b.attributes.excerpt}`).toMatchObject(excerpt)
    }
  })
})

/** Runs one block in its doc's sandbox; throws with the block's place and output when it fails. */
const runBlock = async (run: DocRun, b: DocBlock): Promise<void> => {
  const { server, exit, expect: expected } = b.attributes
  await run.mapPorts(b.code, server !== undefined)
  if (server !== undefined) return run.startServer(b.code)
  const code = run.substitute(b.code)
  const result =
    b.lang === "sh"
      ? await runProcess("bash", ["-e", "-o", "pipefail", "-c", code], run.sandbox, BLOCK_TIMEOUT)
      : await runProcess(
          process.execPath,
          ["--conditions=source", run.writeScript(`${slug(b)}.ts`, code)],
          run.sandbox,
          BLOCK_TIMEOUT,
        )
  expect(result.code, `${where(b)} exited ${result.code}:\n${result.output}`).toBe(Number(exit ?? 0))
  if (expected !== undefined) expect(result.output, `${where(b)}'s output`).toContain(expected)
}

/** Runs `task` when fewer than `limit` tasks started through the same gate are running. */
const gate = (limit: number) => {
  let running = 0
  const waiting: Array<() => void> = []
  return async <A>(task: () => Promise<A>): Promise<A> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
    running++
    try {
      return await task()
    } finally {
      running--
      waiting.shift()?.()
    }
  }
}
const docSlot = gate(DOCS_AT_ONCE)

// The docs run side by side, each in its own sandbox; a doc's blocks run in order, since a block may
// use what an earlier one wrote or started.
describe.concurrent("each doc's blocks, in order", () => {
  for (const doc of docs) {
    const runnable = blocks.filter((b) => b.doc === doc && RUN.has(b.lang) && b.attributes.skip === undefined)
    if (runnable.length === 0) continue
    it(
      `${doc}: ${runnable.map((b) => `${b.line} ${b.lang}${b.attributes.server !== undefined ? " (server)" : ""}`).join(", ")}`,
      () =>
        docSlot(async () => {
          const run = new DocRun(doc.replace(/\W/g, "_"))
          try {
            for (const b of runnable) await runBlock(run, b)
          } finally {
            await run.close()
          }
        }),
      blocks.length * BLOCK_TIMEOUT, // includes the wait for a slot
    )
  }
})

/**
 * The fenced code blocks of a Markdown file, with their info strings parsed.
 *
 * An info string is a language and optional attributes: ```` ```sh server ````,
 * ```` ```sh exit=1 expect="UnsupportedFormat" ````, ```` ```sh skip="needs a Docker engine" ````.
 * Renderers use the first word to highlight and ignore the rest, so the attributes cost readers nothing.
 */
import { readFileSync } from "node:fs"

export interface DocBlock {
  /** The Markdown file, relative to the repository root. */
  readonly doc: string
  /** 1-based line of the opening fence. */
  readonly line: number
  readonly lang: string
  readonly attributes: Readonly<Record<string, string>>
  readonly code: string
}

/** `key=value`, `key="a value"`, `key='a "value"'` and bare `flag` (value `""`) attributes after the language. */
const parseAttributes = (text: string): Record<string, string> => {
  const attributes: Record<string, string> = {}
  for (const match of text.matchAll(/([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|(\S+)))?/g))
    attributes[match[1]!] = match[2] ?? match[3] ?? match[4] ?? ""
  return attributes
}

/** Every fenced block of `doc` (a path relative to `root`), in order. */
export const docBlocks = (root: string, doc: string): DocBlock[] => {
  const lines = readFileSync(`${root}/${doc}`, "utf8").split("\n")
  const blocks: DocBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(lines[i]!)
    if (open === null) continue
    const [, indent, fence, info] = open
    const body: string[] = []
    let j = i + 1
    while (j < lines.length && !lines[j]!.trimStart().startsWith(fence!))
      body.push(lines[j++]!.slice(indent!.length))
    const [lang = "", ...rest] = info!.trim().split(/\s+(.*)/s)
    blocks.push({
      doc,
      line: i + 1,
      lang,
      attributes: parseAttributes(rest.join(" ")),
      code: body.join("\n"),
    })
    i = j
  }
  return blocks
}

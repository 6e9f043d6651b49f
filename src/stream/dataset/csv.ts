/**
 * A small RFC 4180 CSV reader: quoted fields with commas, quotes (`""`) and line breaks, CRLF or LF
 * line ends, a UTF-8 byte-order mark. Enough for label files; no type guessing.
 *
 * @module
 */

/** Parses CSV text into rows of fields. Blank lines are skipped. */
export const parseCsv = (text: string): string[][] => {
  const rows: string[][] = []
  let row: string[] = []
  let field = ""
  let quoted = false
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const endRow = () => {
    row.push(field)
    if (row.length > 1 || row[0] !== "") rows.push(row)
    row = []
    field = ""
  }
  for (; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"' && field === "") quoted = true
    else if (c === ",") {
      row.push(field)
      field = ""
    } else if (c === "\n") endRow()
    else if (c !== "\r") field += c
  }
  if (field !== "" || row.length > 0) endRow()
  return rows
}

/** Rows as records keyed by the (trimmed, lower-cased) header names. */
export const csvRecords = (text: string): { header: string[]; records: Record<string, string>[] } => {
  const [header = [], ...body] = parseCsv(text)
  const keys = header.map((h) => h.trim().toLowerCase())
  return {
    header: keys,
    records: body.map((fields) => Object.fromEntries(keys.map((k, i) => [k, (fields[i] ?? "").trim()]))),
  }
}

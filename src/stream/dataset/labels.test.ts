import { describe, expect, it } from "vitest"
import { LabelsInvalid } from "../../schema/errors/dataset-build.ts"
import { parseCsv } from "./csv.ts"
import { csvLabels, folderGenre, type LabelLookup } from "./labels.ts"

describe("parseCsv", () => {
  it("reads quoted fields, escaped quotes, CRLF and a BOM", () => {
    expect(parseCsv('\ufefffile,source\r\n"a, b.wav","He said ""hi""\nthen left"\r\nc.wav,x\n\n')).toEqual([
      ["file", "source"],
      ["a, b.wav", 'He said "hi"\nthen left'],
      ["c.wav", "x"],
    ])
  })
})

describe("labels", () => {
  it("takes the genre from the folder a file sits in", () => {
    expect(folderGenre("/d/rock/a.wav", "rock/a.wav")).toEqual({ genre: "rock" })
    expect(folderGenre("/d/a.wav", "a.wav")).toEqual({})
    // On Linux a `\` belongs to the name: `C:\x.wav` is a file at the top, not in a folder `C:`.
    expect(folderGenre("/d/C:\\x.wav", "C:\\x.wav")).toEqual({})
  })

  it("resolves CSV paths against the CSV's folder, the input folder, then by unique name", () => {
    const csv =
      "file,genre,mood,bpm,key,extra\naudio/a.mp3,rock,power,120.5,Bb minor,x\nb.wav,jazz,,,,\nsub/c.wav,pop,,,,\n"
    const lookup = csvLabels(csv, "/data/labels.csv", "/data/audio") as LabelLookup
    expect(lookup("/data/audio/a.mp3", "a.mp3")).toEqual({
      genre: "rock",
      mood: "power",
      bpm: 120.5,
      key: "A# minor",
    })
    expect(lookup("/data/audio/b.wav", "b.wav")).toEqual({ genre: "jazz" })
    expect(lookup("/elsewhere/c.wav", "c.wav")).toEqual({ genre: "pop" })
    expect(lookup("/data/audio/unknown.wav", "unknown.wav")).toEqual({})
  })

  it("rejects a CSV without a file column and invalid values, naming the line", () => {
    expect(csvLabels("name,genre\na,b\n", "/l.csv", "/")).toBeInstanceOf(LabelsInvalid)
    const bpm = csvLabels("file,bpm\na.wav,fast\n", "/l.csv", "/") as LabelsInvalid
    expect(bpm.message).toMatch(/line 2: bpm "fast"/)
    const key = csvLabels("file,key\na.wav,X major\n", "/l.csv", "/") as LabelsInvalid
    expect(key.message).toMatch(/line 2: key "X major"/)
  })
})

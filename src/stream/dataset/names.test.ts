import { describe, expect, it } from "vitest"
import { safeName, uniqueNames } from "./names.ts"

describe("safeName", () => {
  it("keeps the spec's names for top-level files and joins folders", () => {
    expect(safeName("song1.wav")).toBe("song1")
    expect(safeName("rock/song1.wav")).toBe("rock__song1")
    expect(safeName("a/b/c.d.flac")).toBe("a__b__c.d")
  })

  it("makes hostile names safe", () => {
    expect(safeName("my song (live).mp3")).toBe("my_song__live_")
    expect(safeName("../../etc/passwd.wav")).not.toMatch(/\.\.|\//)
    expect(safeName("..hidden.wav")).toBe("hidden")
    expect(safeName("tab\there\nnewline.wav")).toBe("tab_here_newline")
    expect(safeName("Beyoncé — Déjà vu.mp3")).toBe("Beyoncé___Déjà_vu")
    expect(safeName("日本の歌.flac")).toBe("日本の歌")
    expect(safeName(`${"x".repeat(300)}.wav`).length).toBe(120)
    // Bytes, not characters, are what file systems limit (255 per name).
    expect(Buffer.byteLength(safeName(`${"音".repeat(80)}.wav`))).toBe(120)
    expect(safeName(`${"音".repeat(80)}.wav`)).toBe("音".repeat(40))
    expect(safeName(`a${"𠀀".repeat(40)}.wav`)).toBe(`a${"𠀀".repeat(29)}`) // 4-byte letters, cut whole
    expect(safeName(".wav")).toBe("wav")
  })
})

describe("uniqueNames", () => {
  it("separates files that would share a name, whatever their order", () => {
    const paths = [
      "jazz/song1.wav",
      "rock/song1.wav",
      "a b.wav",
      "a_b.wav",
      "x.mp3",
      "x.wav",
      "Y.wav",
      "y.wav",
      "z.wav",
    ]
    const names = uniqueNames(paths)
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(paths.length)
    expect(names[0]).toBe("jazz__song1")
    expect(names[8]).toBe("z")
    expect(names[2]).toMatch(/^a_b-[0-9a-f]{8}$/)
    const reversed = uniqueNames([...paths].reverse()).reverse()
    expect(reversed).toEqual(names)
  })
})

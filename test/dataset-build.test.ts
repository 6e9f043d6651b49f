import { execFileSync, spawn, spawnSync } from "node:child_process"
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeServices } from "@effect/platform-node"
import { Effect, Exit } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { decodeNpy } from "../src/dsp/npy.ts"
import { loadDataset } from "../src/model/dataset.ts"
import { featureVectorSize } from "../src/schema/features.ts"
import type { Manifest } from "../src/schema/manifest.ts"
import { type BuildResult, buildDataset } from "../src/stream/dataset/build.ts"
import { validateDataset } from "../src/stream/dataset/validate.ts"

const fixture = (name: string) => new URL(`fixtures/audio/${name}`, import.meta.url).pathname
const bin = new URL("../bin/mirflow.js", import.meta.url).pathname
const root = mkdtempSync(join(tmpdir(), "mirflow-dataset-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const run = <A, E>(effect: Effect.Effect<A, E, NodeServices.NodeServices>) =>
  Effect.runPromise(effect.pipe(Effect.provide(NodeServices.layer)))

/** A music folder: genres as folders, a name shared by two folders, hostile names, and bad files. */
const makeMusicFolder = (dir: string) => {
  const put = (from: string, to: string) => {
    mkdirSync(join(dir, to, ".."), { recursive: true })
    copyFileSync(fixture(from), join(dir, to))
  }
  put("wav-s16le.wav", "rock/song1.wav")
  put("mp3-22k-mono.mp3", "jazz/song1.mp3")
  put("flac-44k-stereo.flac", "jazz/my song (live).flac")
  put("vorbis-44k-stereo.ogg", "electronic/Déjà vu ☃.ogg")
  put("aac-moov-at-end.m4a", "electronic/up..and..away.m4a")
  put("wav-8k.wav", "rock/.hidden.wav")
  put("random.mp3", "rock/random-bytes.mp3")
  put("empty.wav", "rock/empty.wav")
  put("truncated.flac", "jazz/truncated.flac")
  put("notes.wav", "rock/notes.wav")
  writeFileSync(join(dir, "rock/cover.jpg"), "not audio, ignored by extension")
  mkdirSync(join(dir, "empty-folder"))
}

/** Files of a dataset folder with their bytes, timestamps blanked. */
const snapshot = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const path = join(dir, name)
    if (name.startsWith(".mirflow") || !existsSync(path) || !name.includes(".")) continue
    const text = readFileSync(path).toString("latin1")
    out[name] = text.replace(/"(processed_at|processing_date)": "[^"]*"/g, '"$1": "T"')
  }
  return out
}

describe("buildDataset", () => {
  const music = join(root, "music")
  const out = join(root, "out")
  let result: BuildResult
  let manifest: Manifest

  beforeAll(async () => {
    makeMusicFolder(music)
    result = await run(buildDataset({ input: music, output: out, concurrency: 2 }))
    manifest = JSON.parse(readFileSync(result.manifestPath, "utf8"))
  })

  it("writes the spec's manifest: counts, statistics, sorted entries, genres from folders", () => {
    expect(result.manifestPath).toBe(join(out, "music_dataset_manifest.json"))
    expect(manifest.dataset_name).toBe("music_dataset")
    expect(manifest.created_by).toBe("mirflow")
    expect(manifest.total_files).toBe(6)
    expect(manifest.files.map((f) => f.filename)).toEqual([
      "electronic/Déjà vu ☃.ogg",
      "electronic/up..and..away.m4a",
      "jazz/my song (live).flac",
      "jazz/song1.mp3",
      "jazz/truncated.flac",
      "rock/song1.wav",
    ])
    expect(manifest.files.map((f) => f.genre)).toEqual([
      "electronic",
      "electronic",
      "jazz",
      "jazz",
      "jazz",
      "rock",
    ])
    expect(manifest.statistics.file_formats).toEqual(["flac", "m4a", "mp3", "ogg", "wav"])
    expect(manifest.statistics.sample_rates).toEqual([22050, 44100])
    const seconds = manifest.files.reduce((s, f) => s + f.duration, 0)
    expect(manifest.statistics.total_duration_hours).toBeCloseTo(seconds / 3600, 3)
    expect(result.ignored).toBe(1)
  })

  it("reports each bad file with a typed reason and goes on", () => {
    expect(manifest.total_errors).toBe(3)
    const byFile = Object.fromEntries(manifest.errors.map((e) => [e.filename, e.code]))
    expect(byFile).toEqual({
      "rock/empty.wav": "EmptyAudio",
      "rock/notes.wav": "UnsupportedFormat",
      "rock/random-bytes.mp3": "UnsupportedFormat",
    })
    for (const e of manifest.errors) expect(e.message.length).toBeGreaterThan(20)
  })

  it("gives safe, distinct output names and writes files the manifest points to", () => {
    const names = manifest.files.map((f) => f.features_file)
    expect(names).toContain("features/rock__song1_features.json")
    expect(names).toContain("features/jazz__song1_features.json")
    expect(names).toContain("features/jazz__my_song__live__features.json")
    expect(names).toContain("features/electronic__Déjà_vu___features.json")
    expect(names).toContain("features/electronic__up_and_away_features.json")
    for (const f of manifest.files) {
      expect(f.features_file).not.toMatch(/\.\.|^\//)
      expect(existsSync(join(out, f.features_file!))).toBe(true)
      const npy = decodeNpy(readFileSync(join(out, f.spectrogram_file!)))
      expect(npy.dtype).toBe("<f4")
      expect(npy.shape[0]).toBe(128)
      expect(npy.shape[1]).toBe(1 + Math.floor((f.duration * 22050) / 512))
    }
  })

  it("writes complete, finite features files and passes validation", async () => {
    const features = JSON.parse(readFileSync(join(out, "features/rock__song1_features.json"), "utf8"))
    expect(features.filename).toBe("rock/song1.wav")
    expect(features.sample_rate).toBe(44100)
    expect(features.processing_info.mirflow_version).toMatch(/^\d+\.\d+\.\d+/)
    expect(
      Object.values(features)
        .filter((v) => typeof v === "number")
        .every(Number.isFinite),
    ).toBe(true)
    expect(features.key).toMatch(/^[A-G]#? (major|minor)$/)
    const report = await run(validateDataset(out))
    expect(report.problems).toEqual([])
    expect(report.files).toBe(6)
  })

  it("loads back as the typed MusicDataset", async () => {
    const dataset = await run(loadDataset(result.manifestPath))
    expect(dataset.examples.length).toBe(6)
    expect(dataset.examples[0]!.features.length).toBe(featureVectorSize)
    expect(dataset.examples[0]!.melBands).toBe(128)
  })

  const python = "/usr/bin/python3"
  it.runIf(existsSync(python))(
    "loads in Python exactly as the spec's MusicDataset does (json + numpy.load)",
    () => {
      const script = `
import json, os, numpy as np
root = ${JSON.stringify(out)}
manifest = json.load(open(os.path.join(root, "music_dataset_manifest.json")))
for entry in manifest["files"]:
    features = json.load(open(os.path.join(root, entry["features_file"])))
    spec = np.load(os.path.join(root, entry["spectrogram_file"]))
    assert spec.dtype == np.float32 and spec.ndim == 2 and spec.shape[0] == 128, spec.shape
    assert np.isfinite(spec).all()
    vector = [v for k, v in features.items() if isinstance(v, (int, float)) and k not in ("duration", "sample_rate", "tempo_confidence", "key_confidence")]
    assert len(vector) == 103, len(vector)
print(len(manifest["files"]))
`
      expect(execFileSync(python, ["-c", script], { encoding: "utf8" }).trim()).toBe("6")
    },
  )

  it("skips complete files on a re-run and ends with the same outputs", async () => {
    const before = snapshot(out)
    const again = await run(buildDataset({ input: music, output: out, concurrency: 2 }))
    expect(again.reused).toBe(6)
    expect(again.processed).toBe(0)
    expect(snapshot(out)).toEqual(before)
  })

  it("ends, after a kill -9 at any moment and a re-run, exactly as an uninterrupted build", async () => {
    const killed = join(root, "killed")
    const child = spawn(
      process.execPath,
      [bin, "preprocess-dataset", music, "--output", killed, "--concurrency", "2"],
      {
        stdio: "ignore",
      },
    )
    // Kill once the first outputs are being written.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (existsSync(join(killed, "spectrograms")) || child.exitCode !== null) {
          clearInterval(poll)
          resolve()
        }
      }, 5)
    })
    child.kill("SIGKILL")
    await new Promise((r) => child.once("exit", r))
    const rerun = spawnSync(process.execPath, [bin, "preprocess-dataset", music, "--output", killed], {
      encoding: "utf8",
    })
    expect(rerun.status, rerun.stderr).toBe(0)
    expect(snapshot(killed)).toEqual(snapshot(out))
    expect(
      readdirSync(killed, { recursive: true, encoding: "utf8" }).filter((n) => n.includes("mirflow-tmp")),
    ).toEqual([])
  })

  it("takes labels from a CSV", async () => {
    writeFileSync(
      join(music, "labels.csv"),
      "file,genre,mood,bpm,key\nrock/song1.wav,metal,power,140,e minor\n",
    )
    const labelled = await run(buildDataset({ input: music, output: out, labels: join(music, "labels.csv") }))
    const entry = labelled.manifest.files.find((f) => f.filename === "rock/song1.wav")
    expect(entry).toMatchObject({ genre: "metal", mood: "power", bpm: 140, key: "E minor" })
    expect(labelled.reused).toBe(6) // labels do not invalidate the analysis
  })

  it("fails clearly on a folder without audio and on a missing folder", async () => {
    const exit = await Effect.runPromiseExit(
      buildDataset({ input: join(music, "empty-folder"), output: join(root, "x") }).pipe(
        Effect.provide(NodeServices.layer),
      ),
    )
    expect(Exit.isFailure(exit) && String(exit.cause)).toMatch(/DatasetInputError.*no audio files/)
    const missing = await Effect.runPromiseExit(
      buildDataset({ input: join(root, "nope"), output: join(root, "x") }).pipe(
        Effect.provide(NodeServices.layer),
      ),
    )
    expect(String(missing)).toMatch(/does not exist/)
  })
})

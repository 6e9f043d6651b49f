/**
 * `mirflow train`, `evaluate` and `classify` as a user runs them: real processes, a temporary folder,
 * a synthetic dataset and a real audio file.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { writeSyntheticDataset } from "./support/synthetic-dataset.ts"

const bin = new URL("../bin/mirflow.js", import.meta.url).pathname
const audio = new URL("./fixtures/audio/mp3-44k-stereo.mp3", import.meta.url).pathname

const mirflow = (...args: string[]) => {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 60_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe("mirflow train / evaluate / classify", () => {
  it("trains a model, evaluates it and classifies an audio file with it", () => {
    const dir = mkdtempSync(join(tmpdir(), "mirflow-cli-model-"))
    const manifest = writeSyntheticDataset(join(dir, "data"), {
      clips: 12,
      frames: [150, 200],
      moods: ["calm", "tense"],
    })
    const out = join(dir, "model")

    const trained = mirflow(
      "train",
      "--data",
      manifest,
      "--out",
      out,
      "--epochs",
      "2",
      "--batch-size",
      "8",
      "--seed",
      "3",
      "--threads",
      "1",
    )
    expect(trained.stderr).toContain("epoch 2/2")
    expect(trained.code).toBe(0)
    expect(trained.stdout).toContain("validation split")
    expect(trained.stdout).toMatch(/genre\s+model\s+\d+\s+[\d.]+/)
    for (const file of ["model.onnx", "model.json", "training-log.jsonl", "report.html"])
      expect(existsSync(join(out, file))).toBe(true)
    expect(existsSync(join(out, "checkpoints"))).toBe(false)
    const log = readFileSync(join(out, "training-log.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
    expect(log.map((l) => l.epoch)).toEqual([1, 2])
    expect(log[0]).toMatchObject({ run: "validation split" })
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("<svg")

    const evaluated = mirflow("evaluate", "--model", out, "--data", manifest, "--json")
    expect(evaluated.code).toBe(0)
    const metrics = JSON.parse(evaluated.stdout)
    expect(metrics.clips).toBe(12)
    expect(metrics.genre.accuracy).toBeGreaterThanOrEqual(0)
    expect(metrics.genre.confusion_matrix).toHaveLength(3)

    const classified = mirflow("classify", audio, audio, "--model", out, "--json")
    expect(classified.code).toBe(0)
    const lines = classified.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatchObject({
      file: audio,
      genre: { top3: expect.any(Array) },
      mood: {},
      bpm: { source: "estimator" },
      key: { source: "estimator" },
    })
    expect(["ambient", "noise", "pop"]).toContain(lines[0].genre.label)
    expect(lines[0].processing_time).toBeGreaterThan(0)
    expect(lines[0].bpm.value).toBeGreaterThan(0)

    const missing = mirflow("classify", join(dir, "nope.mp3"), "--model", out)
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toContain("nope.mp3")
    const noModel = mirflow("classify", audio, "--model", join(dir, "nowhere"))
    expect(noModel.code).not.toBe(0)
    expect(noModel.stderr).toContain("model.json")
  })
})

import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { bundledModelPath, defaultServerConfig, readServerConfig } from "../../src/http/config.ts"

const read = (env: Record<string, string>) => Effect.runPromise(Effect.result(readServerConfig(env)))

describe("readServerConfig", () => {
  it("has the integration spec's defaults", async () => {
    const result = await read({})
    expect(result._tag).toBe("Success")
    if (result._tag !== "Success") return
    expect(result.success).toEqual(defaultServerConfig)
    expect(result.success).toMatchObject({
      port: 8000,
      batchSize: 32,
      maxFileSize: 50_000_000,
      modelPath: bundledModelPath,
    })
    expect(bundledModelPath.endsWith("/models/default")).toBe(true)
  })

  it("reads sizes as bytes or with a unit", async () => {
    for (const [text, bytes] of [
      ["52428800", 52_428_800],
      ["50MB", 50_000_000],
      ["50 MiB", 52_428_800],
    ] as const) {
      const result = await read({ MAX_FILE_SIZE: text })
      expect(result._tag === "Success" && result.success.maxFileSize, text).toBe(bytes)
    }
  })

  it.each([
    [{ API_PORT: "99999" }, "API_PORT: expected a value between 0 and 65535"],
    [{ API_PORT: "http" }, "API_PORT: expected a finite number"],
    [{ BATCH_SIZE: "0" }, "BATCH_SIZE: expected a value between 1 and 1024"],
    [{ BATCH_SIZE: "2.5" }, "BATCH_SIZE: expected an integer"],
    [{ MAX_FILE_SIZE: "lots" }, "MAX_FILE_SIZE"],
    [{ REQUEST_TIMEOUT: "-1" }, "REQUEST_TIMEOUT: expected a value greater than 0"],
    [{ DEVICE: "tpu" }, 'DEVICE: expected "cpu" | "cuda" | "webgpu"'],
    [{ MIN_DURATION: "700" }, "MIN_DURATION=700 must be below MAX_DURATION=600"],
  ])("refuses %o with a message naming the variable", async (env, message) => {
    const result = await read(env)
    expect(result._tag).toBe("Failure")
    if (result._tag !== "Failure") return
    expect(result.failure._tag).toBe("ServerConfigInvalid")
    expect(result.failure.message).toContain(message)
  })
})

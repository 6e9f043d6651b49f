import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // CI reads the JSON report to print its plain `N passed, N failed` line.
    reporters: ["default", ["json", { outputFile: ".tmp/vitest-report.json" }]],
  },
})

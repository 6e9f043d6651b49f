#!/usr/bin/env node
// In a git checkout the TypeScript sources run directly (Node ≥ 23.6 strips types);
// an installed package runs the compiled dist/.
import { existsSync } from "node:fs"

const source = new URL("../src/cli/main.ts", import.meta.url)
await import(existsSync(source) ? source.href : new URL("../dist/cli/main.js", import.meta.url).href)

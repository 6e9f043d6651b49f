#!/usr/bin/env node
// In a git checkout the TypeScript sources run directly (Node ≥ 23.6 strips types);
// an installed package runs the compiled dist/.
import { existsSync } from "node:fs"
import module from "node:module"

// V8's compiled code for every module is kept on disk between runs: about half of a command's
// start-up is compiling the modules it loads (Node ≥ 22.1; a no-op where unavailable).
module.enableCompileCache?.()

const source = new URL("../src/cli/main.ts", import.meta.url)
await import(existsSync(source) ? source.href : new URL("../dist/cli/main.js", import.meta.url).href)

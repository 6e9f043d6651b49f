/**
 * Where the bundled default model lives: `models/default/` at the package root (the same two
 * levels up from `src/model/` in a checkout and from `dist/model/` in an installed package).
 *
 * @module
 */
import { fileURLToPath } from "node:url"

/** Absolute path of the bundled default model folder. */
export const defaultModelDirectory: string = fileURLToPath(new URL("../../models/default/", import.meta.url))

/** mirflow's version, as written into features files, manifests and model cards. */
import pkg from "../package.json" with { type: "json" }

export const mirflowVersion: string = pkg.version

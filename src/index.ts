/**
 * mirflow: music classification pipelines. The subpaths hold the layers:
 * `mirflow/dsp` (pure kernels), `mirflow/stream` (Effect stream stages, decoding, analysis, datasets),
 * `mirflow/model` (ONNX training and inference), `mirflow/http` (the service), `mirflow/schema`
 * (file and wire formats).
 *
 * @module
 */
export { mirflowVersion } from "./version.ts"

# mirflow's HTTP service: Node 24 slim, production dependencies only, a non-root user, and a
# health check on /health. Build from the repository root (the bundled model in models/default
# goes into the image):
#
#   docker build -t mirflow .
#   docker run --rm -p 8000:8000 mirflow
#
# See docs/deployment.md for the settings (environment variables) and the compose example.

ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: onnxruntime-node is the only dependency with an install script, and it only
# downloads CUDA libraries (the CPU build ships in the package). The other platforms' native
# libraries are removed (about 200 MB).
RUN npm ci --omit=dev --ignore-scripts \
 && find node_modules/onnxruntime-node/bin -mindepth 2 -maxdepth 2 -type d ! -name linux -exec rm -rf {} + \
 && npm cache clean --force

FROM node:${NODE_VERSION}-slim
# Memory: a small V8 young generation, and glibc arenas that give freed audio buffers back to the
# system, keep the resident size tens of MB lower under load (docs/deployment.md).
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    API_PORT=8000 \
    NODE_OPTIONS=--max-semi-space-size=4 \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
# Node 24 runs the TypeScript sources directly (type stripping): no build step.
COPY src ./src
COPY models ./models
USER node
EXPOSE 8000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.API_PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/mirflow.js", "serve"]

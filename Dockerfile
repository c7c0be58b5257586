# syntax=docker/dockerfile:1
# One image for every Offera app: APP=<gateway|customers|orders|notifications|privacy> picks the
# service at run time; `node dist/scripts/setup.js` runs the one-off database setup.

# Node 24 LTS, pinned by digest so a rebuild gets the same base; update the digest deliberately.
ARG NODE_IMAGE=node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d

# All dependencies, dev ones included, for the build.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# Compile apps, libs and scripts with swc into dist/.
FROM deps AS build
COPY . .
RUN npm run build

# Runtime: production dependencies and the compiled code only, run as the unprivileged node user.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Numeric uid (the image's `node` user) so Kubernetes can verify runAsNonRoot.
USER 1000:1000
# 3000: the gateway's public API; 3010: the gateway's internal port (health, metrics);
# 3001-3004: the workers' ports, which serve only health and metrics.
EXPOSE 3000 3010 3001 3002 3003 3004
# No curl in the slim image: probe the liveness endpoint with node, on the port that serves it
# (the gateway's INTERNAL_PORT, a worker's PORT), falling back to the defaults as the apps do.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const e=process.env,d={gateway:3010,customers:3001,orders:3002,notifications:3003,privacy:3004};const p=(e.APP==='gateway'?e.INTERNAL_PORT:e.PORT)||d[e.APP];fetch(`http://127.0.0.1:${p}/health/live`,{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/scripts/start-service.js"]

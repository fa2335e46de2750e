# The Tandem server image (`tandem-server` in k8s/base/deployment.yaml):
#   docker build -t tandem-server .
# The build stage installs everything and builds the IDE's static export (web/out);
# the final stage keeps the server workspaces' runtime dependencies and that export.
# It runs as uid 1000 with a read-only root file system (the Deployment's
# securityContext); only /tmp (an emptyDir) is written: tsx's transform cache.
# Configuration is environment variables (README "Configuration"); in Kubernetes,
# DATABASE_URL is required (the embedded PostgreSQL is for one machine only).

# The workspace manifests, which both installs start from.
FROM node:20-bookworm-slim AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY protocol/package.json protocol/
COPY persistence/package.json persistence/
COPY executor/package.json executor/
COPY server/package.json server/
COPY web/package.json web/
COPY load-tests/package.json load-tests/

FROM manifests AS build
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build-web.mjs --force

FROM manifests
ENV NODE_ENV=production PORT=8080 HOST=0.0.0.0 TANDEM_DATA_DIR=/tmp/tandem \
    NODE_OPTIONS=--max-semi-space-size=16
# Only the server's workspaces: the IDE ships as the static files built above.
RUN npm ci --no-audit --no-fund --omit=dev --include-workspace-root \
      --workspace=protocol --workspace=persistence --workspace=executor --workspace=server \
 && npm cache clean --force
COPY tsconfig.json ./
COPY protocol protocol
COPY persistence persistence
COPY executor executor
COPY server server
COPY --from=build /app/web/out web/out
USER 1000:1000
EXPOSE 8080
CMD ["node", "--import", "tsx", "server/src/main.ts"]

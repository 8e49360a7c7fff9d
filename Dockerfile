# syntax=docker/dockerfile:1
# Vigil's container image: the Next.js standalone server plus what the migration Job needs,
# run as a non-root user from a root filesystem it cannot write (mount emptyDirs on /tmp and
# /app/.next/cache). Build: docker build -t vigil:dev .
# The image test (lib/deploy/image.integration.test.ts) runs this file's build steps and
# assembles its runtime stage without a Docker engine, then migrates and serves from it.

ARG NODE_IMAGE=node:20.20-bookworm-slim

# Dependencies only: this layer is rebuilt when the lockfile changes, not on every edit.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# postinstall (`prisma generate`) needs the schema, which the build stage copies.
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npx prisma generate
RUN NEXT_OUTPUT=standalone npm run build
# `prisma migrate deploy` with only its own dependencies, for the migration Job.
RUN npx tsx scripts/bundle-migrator.ts .image/migrate

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    HOME=/tmp \
    NODE_OPTIONS=--max-semi-space-size=64
# Owned by root and read-only to the app user: the server cannot rewrite its own code.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
COPY --from=build /app/.image/migrate ./migrate
# The one directory Next.js writes to; in Kubernetes an emptyDir is mounted over it.
RUN mkdir -p .next/cache && chown 10001:10001 .next/cache
USER 10001:10001
# The console, and the Alertmanager webhook on its own port when VIGIL_INGEST_PORT says so.
EXPOSE 3000 3001
# Migrations run once per release (the migrate init container), not at every start:
#   cd /app/migrate && node migrate.mjs
CMD ["node", "server.js"]

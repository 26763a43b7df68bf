# genvoy: the README's own steps (npm ci, then what npm start runs), on Node 20.
FROM node:20-slim

ENV HOME=/tmp
WORKDIR /app

# npm ci builds dist/ (its prepare step needs the dev dependencies); then they go.
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm ci && npm prune --omit=dev && rm -rf src && npm cache clean --force

ENV NODE_ENV=production
COPY bin ./bin
COPY config ./config
COPY hooks ./hooks

# Non-root; group 0 with the owner's rights, so that OpenShift's arbitrary user id
# (always in group 0) can read the app and write the backup and journal folders.
RUN mkdir -p /app/backup /app/data \
 && chgrp -R 0 /app && chmod -R g=u /app
USER 1001

VOLUME ["/app/hooks", "/app/config", "/app/backup", "/app/data"]
EXPOSE 5000
# /healthz answers in ~0.1 s at the 99th percentile even while large deliveries arrive (BENCHMARKS.md, hostile load).
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:5000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# The same as `npm start`, without npm in between, so SIGTERM reaches genvoy directly.
CMD ["node", "bin/genvoy.js", "serve", "--config", "config/config.json"]

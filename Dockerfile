# genvoy: the README's own steps (npm ci, then what npm start runs), on Node 20.
FROM node:20-slim

# What the hooks users bring run with: git (the push hook's clones), Python 3 with its
# standard library (the original's hooks are Python scripts), and for clones over https and
# ssh, the CA certificates and OpenSSH's client. About 140 MB (see the README's Docker notes).
RUN apt-get update \
 && apt-get install -y --no-install-recommends git python3 ca-certificates openssh-client \
 && rm -rf /var/lib/apt/lists/*

ENV HOME=/tmp
WORKDIR /app

# npm ci builds dist/ (its prepare step needs the dev dependencies); then they go.
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm ci && npm prune --omit=dev && rm -rf src && npm cache clean --force

ENV NODE_ENV=production
COPY bin ./bin
COPY docker ./docker
COPY config ./config
COPY hooks ./hooks

# Non-root; group 0 with the owner's rights, so that OpenShift's arbitrary user id
# (always in group 0) can read the app and write the backup, journal and clone folders.
RUN mkdir -p /app/backup /app/data /app/clones \
 && chgrp -R 0 /app && chmod -R g=u /app
USER 1001

# The clones of config/push.json ("../clones") and the journal of config/config.json ("../data/genvoy.db").
VOLUME ["/app/hooks", "/app/config", "/app/backup", "/app/data", "/app/clones"]
EXPOSE 5000
# genvoy health asks /healthz at the config's own http_port (and http_host); /healthz answers in
# ~0.1 s at the 99th percentile even while large deliveries arrive (BENCHMARKS.md, hostile load),
# and the 5 s leave room for starting the CLI.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s \
  CMD ["sh", "docker/genvoy.sh", "health"]

# The config: GENVOY_CONFIG, else a single /app/config.json (the original's layout), else
# config/config.json. The script execs genvoy, so that SIGTERM reaches it directly.
CMD ["sh", "docker/genvoy.sh", "serve"]

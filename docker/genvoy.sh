#!/bin/sh
# genvoy in its image: `sh docker/genvoy.sh serve` is the CMD, `… health` the HEALTHCHECK; any
# other genvoy command runs the same way. All read one config: GENVOY_CONFIG, else the original
# genvoy's single file where one is mounted at /app/config.json, else /app/config/config.json.
set -e
app=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "$GENVOY_CONFIG" ]; then
  if [ -f "$app/config.json" ]; then GENVOY_CONFIG="$app/config.json"; else GENVOY_CONFIG="$app/config/config.json"; fi
fi
export GENVOY_CONFIG
# exec: genvoy takes the shell's place, so that SIGTERM reaches it. A young generation of at
# most 4 MiB a half keeps its peak memory under load lower by about a fifth, at no cost in speed
# measured (BENCHMARKS.md); V8 takes the flag only at start.
exec node --max-semi-space-size=4 "$app/bin/genvoy.js" "$@"

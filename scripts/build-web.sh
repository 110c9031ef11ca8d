#!/usr/bin/env bash
# Installs the web app's npm packages when package-lock.json changed (npm ci), then builds it
# into web/dist, which the server serves.
set -euo pipefail
cd "$(dirname "$0")/../web"
stamp=node_modules/.package-lock.stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi
npm run build --silent

#!/usr/bin/env bash
# Run the portal and its background worker in the foreground; Ctrl-C stops both.
set -euo pipefail
ini=${1:?usage: serve.sh CONFIG [HOST] [PORT]}
host=${2:-127.0.0.1}
port=${3:-5000}
ckan=".venv/bin/ckan"

"$ckan" -c "$ini" jobs worker default satudata &
worker=$!
stop() {
    trap - INT TERM EXIT
    kill "$worker" 2>/dev/null || true
    wait "$worker" 2>/dev/null || true
}
trap stop INT TERM EXIT

echo "Portal: http://$host:$port  (Ctrl-C stops the portal and the worker)"
"$ckan" -c "$ini" run --host "$host" --port "$port" --disable-reloader

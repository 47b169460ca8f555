#!/usr/bin/env bash
# Run the portal and its background worker in the foreground; Ctrl-C stops
# both, and if either one dies the other is stopped too.
set -uo pipefail
ini=${1:?usage: serve.sh CONFIG [HOST] [PORT]}
host=${2:-127.0.0.1}
port=${3:-5000}
ckan=".venv/bin/ckan"

"$ckan" -c "$ini" jobs worker default satudata &
worker=$!
"$ckan" -c "$ini" run --host "$host" --port "$port" --disable-reloader &
server=$!

stop() {
    trap - INT TERM
    kill -TERM "$server" "$worker" 2>/dev/null
    wait "$server" "$worker" 2>/dev/null
    echo "Portal and worker stopped."
}
trap 'stop; exit 130' INT TERM

echo "Portal: http://$host:$port  (Ctrl-C stops the portal and the worker)"
wait -n "$server" "$worker"
status=$?
stop
exit "$status"

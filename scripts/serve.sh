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
    # RQ's warm shutdown can hang once its scheduler child has exited:
    # give both 10 seconds, then stop what is left.
    for _ in $(seq 20); do
        kill -0 "$server" 2>/dev/null || kill -0 "$worker" 2>/dev/null || break
        sleep 0.5
    done
    kill -KILL "$server" "$worker" 2>/dev/null
    wait "$server" "$worker" 2>/dev/null
    echo "Portal and worker stopped."
}
trap 'stop; exit 130' INT TERM

echo "Portal: http://$host:$port  (Ctrl-C stops the portal and the worker)"
wait -n "$server" "$worker"
status=$?
stop
exit "$status"

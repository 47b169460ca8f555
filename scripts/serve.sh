#!/usr/bin/env bash
# Run the portal and its background worker in the foreground (and, given
# MAIL_PORT, a local SMTP server keeping every e-mail in .local/mail/);
# Ctrl-C stops them all, and if one dies the others are stopped too.
set -uo pipefail
ini=${1:?usage: serve.sh CONFIG [HOST] [PORT] [MAIL_PORT]}
host=${2:-127.0.0.1}
port=${3:-5000}
mail_port=${4:-}
mail=""

if [ -n "$mail_port" ]; then
    .venv/bin/python -m ckanext.satudata.demo.mailsink --dir .local/mail \
        --host 127.0.0.1 --port "$mail_port" &
    mail=$!
fi

scripts/portal.sh worker "$ini" &
worker=$!
scripts/portal.sh dev "$ini" "$host" "$port" &
server=$!

stop() {
    trap - INT TERM
    kill -TERM "$server" "$worker" $mail 2>/dev/null
    # RQ's warm shutdown can hang once its scheduler child has exited:
    # give both 10 seconds, then stop what is left.
    for _ in $(seq 20); do
        kill -0 "$server" 2>/dev/null || kill -0 "$worker" 2>/dev/null || \
            { [ -n "$mail" ] && kill -0 "$mail" 2>/dev/null; } || break
        sleep 0.5
    done
    kill -KILL "$server" "$worker" $mail 2>/dev/null
    wait "$server" "$worker" $mail 2>/dev/null
    echo "Portal and worker stopped${mail:+ (and the mail server)}."
}
trap 'stop; exit 130' INT TERM

echo "Portal: http://$host:$port  (Ctrl-C stops the portal and the worker)"
wait -n "$server" "$worker" $mail
status=$?
stop
exit "$status"

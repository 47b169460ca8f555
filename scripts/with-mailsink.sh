#!/usr/bin/env bash
# Run a command while the demo's local SMTP server is up (every e-mail kept
# in .local/mail/), then stop the server: the demo load sends e-mails at
# once (institution accounts get their set-password links) before
# scripts/serve.sh starts the server for good. When the port is taken (the
# demo portal is already running), its server keeps the mail instead.
set -euo pipefail
port=${1:?usage: with-mailsink.sh MAIL_PORT COMMAND...}
shift
.venv/bin/python -m ckanext.satudata.demo.mailsink --dir "${MAIL_DIR:-.local/mail}" \
    --host 127.0.0.1 --port "$port" 2>/dev/null &
sink=$!
trap 'kill "$sink" 2>/dev/null; wait "$sink" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done
"$@"

#!/usr/bin/env bash
# `make prod`: the portal as in production, on one machine and in the
# foreground. nginx on PROD_HOST:PROD_PORT in front of gunicorn on
# 127.0.0.1:PROD_APP_PORT, the background worker, the scheduler of the daily
# tasks and a local SMTP sink (PROD_MAIL_PORT, mail kept in PROD_DIR/mail),
# all under supervisord: a process that dies is started again; Ctrl-C stops
# every one of them. The Makefile has configured and migrated PROD_INI.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
: "${PROD_INI:?}" "${PROD_DIR:?}" "${PROD_HOST:?}" "${PROD_PORT:?}" "${PROD_APP_PORT:?}"
PROD_DIR=$(cd "$PROD_DIR" && pwd)
PROD_INI=$(cd "$(dirname "$PROD_INI")" && pwd)/$(basename "$PROD_INI")
export PROD_ROOT="$root" PROD_DIR PROD_INI PROD_APP_PORT
export PROD_WORKERS=${PROD_WORKERS:-$(( $(nproc) * 2 + 1 ))}
export PROD_MAIL_PORT=${PROD_MAIL_PORT:-8026}
export PROD_MAIL_AUTOSTART=${PROD_MAIL_AUTOSTART:-true}
mkdir -p "$PROD_DIR"/{logs,mail,nginx/cache,nginx/tmp,static}

# the static files nginx serves itself (webassets were built by the Makefile)
"$root/.venv/bin/ckan" -c "$PROD_INI" satudata-operations collect-static \
    "$PROD_DIR/static" >/dev/null 2>&1
# nginx's configuration: the shared server block of deploy/nginx
export SATUDATA_LISTEN="$PROD_HOST:$PROD_PORT"
export SATUDATA_UPSTREAM="127.0.0.1:$PROD_APP_PORT"
export SATUDATA_STATIC_DIR="$PROD_DIR/static"
export SATUDATA_CACHE_DIR="$PROD_DIR/nginx/cache"
export SATUDATA_BODY_MB=$("$root/scripts/portal.sh" upload-limit "$PROD_INI")
export SATUDATA_SNIPPETS="$root/deploy/nginx"
export SATUDATA_TLS=""
envsubst '${SATUDATA_LISTEN} ${SATUDATA_UPSTREAM} ${SATUDATA_STATIC_DIR} ${SATUDATA_CACHE_DIR} ${SATUDATA_BODY_MB} ${SATUDATA_SNIPPETS} ${SATUDATA_TLS}' \
    < "$root/deploy/nginx/portal.conf.template" > "$PROD_DIR/nginx/portal.conf"
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"
cat > "$PROD_DIR/nginx/nginx.conf" <<NGINX
# written by scripts/prod.sh
$user_line
worker_processes auto;
pid $PROD_DIR/nginx/nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log $PROD_DIR/logs/nginx-access.log;
    client_body_temp_path $PROD_DIR/nginx/tmp/body;
    proxy_temp_path $PROD_DIR/nginx/tmp/proxy;
    fastcgi_temp_path $PROD_DIR/nginx/tmp/fastcgi;
    uwsgi_temp_path $PROD_DIR/nginx/tmp/uwsgi;
    scgi_temp_path $PROD_DIR/nginx/tmp/scgi;
    include $PROD_DIR/nginx/portal.conf;
}
NGINX
/usr/sbin/nginx -t -q -c "$PROD_DIR/nginx/nginx.conf" -g "daemon off;"

echo "Portal (production-like): http://$PROD_HOST:$PROD_PORT  (nginx -> gunicorn x $PROD_WORKERS"
echo "  on 127.0.0.1:$PROD_APP_PORT, worker, scheduler; logs in $PROD_DIR/logs; Ctrl-C stops all)"
exec "$root/.venv/bin/supervisord" -n -c "$root/deploy/supervisord.conf"

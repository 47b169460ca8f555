#!/usr/bin/env bash
# The one way to configure, migrate and start the portal's processes, used
# by `make demo`, `make prod` (through supervisord) and the Docker image's
# entrypoint alike. Plugins and options come from config/portal.ini; the
# migrations are those of the enabled plugins (`ckan db upgrade`); the
# worker listens to every queue of the portal (ckanext/satudata/deployment.py).
#
#   portal.sh configure INI [KEY=VALUE…]   write INI from config/portal.ini + settings
#   portal.sh migrate INI                  core and plugin migrations, then the plugin check
#   portal.sh web INI BIND [WORKERS]       gunicorn (WORKERS default: 2 x cores + 1)
#   portal.sh dev INI HOST PORT            CKAN's development server (make demo)
#   portal.sh worker INI                   background worker on every queue
#   portal.sh scheduler INI                daily tasks (backups, reminders, refresh)
#   portal.sh upload-limit INI             largest upload the portal accepts, in MB
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -x "$root/.venv/bin/ckan" ]; then bin="$root/.venv/bin/"; else bin=""; fi
ckan="${bin}ckan"

command=${1:?usage: portal.sh configure|migrate|web|dev|worker|scheduler|upload-limit INI …}
ini=${2:?usage: portal.sh $command INI …}
shift 2

case "$command" in
    configure)
        mkdir -p "$(dirname "$ini")"
        [ -f "$ini" ] || "$ckan" generate config "$ini" >/dev/null
        "$ckan" config-tool "$ini" -f "$root/config/portal.ini"
        if [ $# -gt 0 ]; then "$ckan" config-tool "$ini" "$@"; fi
        # `ckan generate config` writes "SESSION_COOKIE_DOMAIN =": Flask
        # then sends "Domain=" (empty), which Python's cookie jars (and
        # load-test tools) drop, losing the login; unset is host-only
        sed -i '/^SESSION_COOKIE_DOMAIN *= *$/d' "$ini"
        ;;
    migrate)
        "$ckan" -c "$ini" db upgrade
        "$ckan" -c "$ini" satudata-operations check
        ;;
    web)
        bind=${1:?usage: portal.sh web INI BIND [WORKERS]}
        workers=${2:-$(( $(nproc) * 2 + 1 ))}
        # no --preload: each worker opens its own database and Redis
        # connections; a worker that dies is replaced by the master;
        # --max-requests recycles workers before memory creeps up
        CKAN_INI="$ini" exec "${bin}gunicorn" \
            --bind "$bind" --workers "$workers" --worker-class sync \
            --timeout 120 --graceful-timeout 30 --keep-alive 5 \
            --max-requests 2000 --max-requests-jitter 200 \
            --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" \
            --access-logfile - --error-logfile - \
            --name satudata-web \
            'ckanext.satudata.operations.wsgi:application'
        ;;
    dev)
        exec "$ckan" -c "$ini" run --host "${1:?HOST}" --port "${2:?PORT}" --disable-reloader
        ;;
    worker)
        exec "$ckan" -c "$ini" satudata-operations worker
        ;;
    scheduler)
        exec "$ckan" -c "$ini" satudata-operations scheduler
        ;;
    upload-limit)
        "$ckan" -c "$ini" satudata-operations upload-limit 2>/dev/null | tail -1
        ;;
    *)
        echo "portal.sh: unknown command $command" >&2
        exit 2
        ;;
esac

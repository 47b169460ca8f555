#!/usr/bin/env bash
# Entrypoint of the portal image. Every start writes the configuration from
# config/portal.ini and the environment (secrets are never in the image),
# then runs one role through scripts/portal.sh, the script `make demo` and
# `make prod` use too:
#   migrate    database migrations (core + every enabled plugin) and the
#              DataStore permissions; run once before the others start
#   web        static files for nginx, then gunicorn on :5000
#   worker     the background worker (every queue of the portal)
#   scheduler  the daily tasks (backup, reminders, monitoring refresh)
set -euo pipefail
src=/srv/app/src/ckanext-satudata
portal="$src/scripts/portal.sh"
ini="$CKAN_INI"
: "${CKAN_SECRET_KEY:?set CKAN_SECRET_KEY (see docker/.env.example)}"
: "${CKAN_JWT_SECRET:?set CKAN_JWT_SECRET (see docker/.env.example)}"

"$portal" configure "$ini" \
    "ckan.plugins=${CKAN_PLUGINS:?set CKAN_PLUGINS}" \
    "sqlalchemy.url=${CKAN_SQLALCHEMY_URL:?}" \
    "ckan.datastore.write_url=${CKAN_DATASTORE_WRITE_URL:?}" \
    "ckan.datastore.read_url=${CKAN_DATASTORE_READ_URL:?}" \
    "solr_url=${CKAN_SOLR_URL:-}" \
    "ckan.redis.url=${CKAN_REDIS_URL:?}" \
    "ckan.site_url=${CKAN_SITE_URL:?}" \
    "ckan.site_id=${CKAN_SITE_ID:-default}" \
    "SECRET_KEY=${CKAN_SECRET_KEY}" \
    "WTF_CSRF_SECRET_KEY=${CKAN_SECRET_KEY}" \
    "api_token.jwt.encode.secret=string:${CKAN_JWT_SECRET}" \
    "api_token.jwt.decode.secret=string:${CKAN_JWT_SECRET}" \
    "ckan.storage_path=/var/lib/ckan" \
    "ckan.webassets.path=/srv/static/webassets" \
    "ckan.cache_enabled=true" \
    "ckan.cache_expires=${CKAN_CACHE_EXPIRES:-60}" \
    "smtp.server=${CKAN_SMTP_SERVER:-}" \
    "smtp.starttls=${CKAN_SMTP_STARTTLS:-true}" \
    "smtp.user=${CKAN_SMTP_USER:-}" \
    "smtp.password=${CKAN_SMTP_PASSWORD:-}" \
    "smtp.mail_from=${CKAN_SMTP_MAIL_FROM:-}" \
    "ckanext.satudata.backup.directory=/srv/backups" \
    "ckanext.satudata.metrics.token=${SATUDATA_METRICS_TOKEN:-}"
# the session cookie only over HTTPS when the site is served over HTTPS
case "$CKAN_SITE_URL" in
    https://*) ckan config-tool "$ini" "SESSION_COOKIE_SECURE=true" "REMEMBER_COOKIE_SECURE=true" ;;
esac

case "${1:-web}" in
    migrate)
        "$portal" migrate "$ini"
        # the DataStore's read-only role may read what the writer creates
        ckan -c "$ini" datastore set-permissions 2>/dev/null \
            | grep -Ev '^[0-9]{4}-[0-9]{2}-[0-9]{2} ' \
            | psql "${DATASTORE_ADMIN_URL:?}" -v ON_ERROR_STOP=1 -q
        ;;
    web)
        ckan -c "$ini" satudata-operations collect-static --copy /srv/static
        ckan -c "$ini" asset build
        exec "$portal" web "$ini" 0.0.0.0:5000 ${GUNICORN_WORKERS:-}
        ;;
    worker)
        exec "$portal" worker "$ini"
        ;;
    scheduler)
        exec "$portal" scheduler "$ini"
        ;;
    *)
        exec "$@"
        ;;
esac

#!/usr/bin/env bash
# web: migrate and serve with gunicorn; worker: CKAN background jobs.
set -euo pipefail
cd /srv/app
if [ ! -f "$CKAN_INI" ]; then
    ckan generate config "$CKAN_INI"
    ckan config-tool "$CKAN_INI" -f src/ckanext-satudata/config/portal.ini
fi
# Settings from the environment (see docker-compose.yml)
ckan config-tool "$CKAN_INI" \
    "sqlalchemy.url=${CKAN_SQLALCHEMY_URL}" \
    "solr_url=${CKAN_SOLR_URL}" \
    "ckan.redis.url=${CKAN_REDIS_URL}" \
    "ckan.site_url=${CKAN_SITE_URL}" \
    "ckan.storage_path=/var/lib/ckan" \
    "ckan.plugins=${CKAN_PLUGINS}"

case "${1:-web}" in
    web)
        ckan db init
        ckan db upgrade -p activity
        if [[ " ${CKAN_PLUGINS} " == *" satudata_search "* ]]; then
            ckan db upgrade -p satudata_search
        fi
        exec gunicorn --workers "${GUNICORN_WORKERS:-4}" --bind 0.0.0.0:5000 \
            "ckan.config.middleware:make_app(__import__('ckan.cli', fromlist=['load_config']).load_config('${CKAN_INI}'))"
        ;;
    worker)
        exec ckan jobs worker default satudata satudata_privacy
        ;;
    *)
        exec "$@"
        ;;
esac

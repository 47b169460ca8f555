#!/usr/bin/env bash
# First start of the db service: the DataStore database and its read-only
# role (the migrate service then grants CKAN's DataStore permissions).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE datastore_ro LOGIN PASSWORD '${DATASTORE_RO_PASSWORD}';
CREATE DATABASE datastore OWNER ${POSTGRES_USER} ENCODING 'UTF8';
SQL

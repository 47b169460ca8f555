#!/usr/bin/env bash
# Create the portal's role and a database owned by it, if missing (idempotent).
set -euo pipefail
db=${1:?usage: database.sh DBNAME}
role=satudata
psql_admin() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != 1 ]; then
    psql_admin -c "CREATE ROLE $role LOGIN PASSWORD '$role'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
    psql_admin -c "CREATE DATABASE $db OWNER $role ENCODING 'UTF8' TEMPLATE template0"
fi

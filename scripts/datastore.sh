#!/usr/bin/env bash
# Create the DataStore database of a portal database and its read-only role,
# and give them CKAN's DataStore permissions (idempotent).
#   scripts/datastore.sh DBNAME CKAN_INI
# The DataStore database is DBNAME_datastore, owned by the portal's role
# (writes); the role satudata_ro reads it (datastore_search_sql, dumps).
set -euo pipefail
db=${1:?usage: datastore.sh DBNAME CKAN_INI}
ini=${2:?usage: datastore.sh DBNAME CKAN_INI}
here=$(cd "$(dirname "$0")/.." && pwd)
ds="${db}_datastore"
reader=satudata_ro
psql_admin() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

"$here/scripts/database.sh" "$ds"
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$reader'")" != 1 ]; then
    psql_admin -c "CREATE ROLE $reader LOGIN PASSWORD '$reader'"
fi
# CKAN prints the SQL, after its own log lines
sql=$("$here/.venv/bin/ckan" -c "$ini" datastore set-permissions)
grep -Ev '^[0-9]{4}-[0-9]{2}-[0-9]{2} ' <<<"$sql" | psql_admin -d "$ds" >/dev/null

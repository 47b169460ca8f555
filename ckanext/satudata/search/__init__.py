"""``satudata_search``: CKAN's search backend on PostgreSQL instead of Solr."""

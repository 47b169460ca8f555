"""How each index field behaves, mirroring the field types of CKAN's Solr
schema (``ckan/config/solr/schema.xml``): exact ``string`` fields,
analysed ``text`` fields, dates, ints, n-gram copies and the catch-all.
"""

from __future__ import annotations

from enum import Enum


class Kind(Enum):
    CATCHALL = "catchall"  # the ``text`` field / default field: search_vector
    TEXT = "text"  # analysed field, matched word by word
    NGRAM = "ngram"  # substring match on the source field
    DATE = "date"
    INT = "int"
    STRING = "string"  # exact, case-sensitive, facetable


#: Analysed (``text``/``text_general``) fields of the Solr schema.
TEXT_FIELDS = frozenset(
    {
        "title", "notes", "urls", "res_name", "res_description",
        "author", "author_email", "maintainer", "maintainer_email",
        "depends_on", "dependency_of", "derives_from", "has_derivation",
        "links_to", "linked_from", "child_of", "parent_of",
    }
)
TEXT_PREFIXES = ("extras_", "res_extras_")
NGRAM_FIELDS = {"title_ngram": "title", "name_ngram": "name"}
DATE_FIELDS = frozenset({"metadata_created", "metadata_modified", "indexed_ts"})
INT_FIELDS = frozenset(
    {"views_total", "views_recent", "resources_accessed_total",
     "resources_accessed_recent"}
)
#: Stored in their own columns, not in the JSON document.
STORED_COLUMNS = ("data_dict", "validated_data_dict")
#: Indexed but not returned by Solr (``stored="false"``).
NOT_STORED = frozenset({"permission_labels", "text", "urls", "title_string"})

#: Single-valued string fields that have a column of their own.
COLUMN_FIELDS = frozenset(
    {"index_id", "id", "name", "site_id", "state", "capacity", "dataset_type"}
)
#: Date fields with a column of their own.
DATE_COLUMNS = frozenset({"metadata_created", "metadata_modified", "indexed_ts"})


#: Fields whose values are those of the row's visibility class (the
#: columns of ``satudata_search_class``, and ``entity_type``, always
#: ``package``): a search with conditions only on these matches whole
#: classes, and its counts are sums of per-class counts (``counts.py``).
CLASS_FIELDS = frozenset(
    {"site_id", "state", "capacity", "dataset_type", "permission_labels",
     "entity_type"}
)


#: Exact fields kept out of the token array: they have a column of their
#: own, or their values are long or unique (URLs), so the rare filter on
#: them reads the stored document instead.
UNTOKENIZED = COLUMN_FIELDS | {
    "title_string", "permission_labels", "entity_type",
    "url", "res_url", "ckan_url", "download_url",
}


#: Exact fields nobody facets on: kept out of ``facet_tokens`` so that
#: counting facets aggregates fewer values (facets on them still work,
#: from ``tokens``).
NOT_FACETED = frozenset({
    "creator_user_id", "isopen", "license_title", "license_url",
    "num_resources", "num_tags", "private", "type", "revision_id", "version",
})


def in_facet_tokens(field: str) -> bool:
    return in_tokens(field) and field not in NOT_FACETED


def in_tokens(field: str) -> bool:
    """Whether ``field``'s values are in the ``tokens`` array."""
    return field not in UNTOKENIZED and kind_of(field) in (Kind.STRING, Kind.INT)


def kind_of(field: str | None) -> Kind:
    """The kind of ``field``; ``None`` is the default field."""
    if field is None or field == "text":
        return Kind.CATCHALL
    if field in NGRAM_FIELDS:
        return Kind.NGRAM
    if field in TEXT_FIELDS or field.startswith(TEXT_PREFIXES):
        return Kind.TEXT
    if field in DATE_FIELDS or field.endswith("_date"):
        return Kind.DATE
    if field in INT_FIELDS:
        return Kind.INT
    return Kind.STRING


def is_valid_name(field: str) -> bool:
    """Field names are identifiers (letters, digits, ``_``, ``-``, ``.``)."""
    return bool(field) and all(c.isalnum() or c in "_-." for c in field)

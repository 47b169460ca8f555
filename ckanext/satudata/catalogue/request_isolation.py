"""A request that fails in the database does not break the next one.

CKAN disposes of its scoped SQLAlchemy session in ``ckan_after_request``,
which Flask skips when a view raises: a database error (e.g. a bigint
overflow) then left the session of that worker thread in a failed
transaction, and the next request it served answered 500
(``InFailedSqlTransaction``).

Flask runs ``teardown_request`` handlers after every request, whatever
happened, and before every request our ``before_request`` handler checks
again; both roll back a transaction that can no longer be used. A healthy
transaction is left alone: code outside a request (actions run by jobs,
the CLI or tests) may push a request context of its own (``url_for``
does) in the middle of its work.
"""

from __future__ import annotations

import logging

import psycopg2.extensions
from ckan import model
from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)


def _failed() -> bool:
    """Whether the thread's session holds a transaction that can only be
    rolled back (PostgreSQL refused a statement, or a flush failed)."""
    session = model.Session()
    if not session.in_transaction():
        return False
    if not session.is_active:
        return True
    dbapi = session.connection().connection.dbapi_connection
    status = getattr(dbapi, "get_transaction_status", None)
    return status is not None and (
        status() == psycopg2.extensions.TRANSACTION_STATUS_INERROR)


def roll_back_failed_transaction(_error: BaseException | None = None) -> None:
    """Roll back the thread's transaction if it failed."""
    try:
        if _failed():
            log.warning("Rolling back a failed database transaction")
            model.Session.rollback()
    except SQLAlchemyError:  # the connection itself may be gone
        log.exception("Could not check or roll back the database session")
        model.Session.remove()


def _before_request() -> None:
    roll_back_failed_transaction()


def install(app: Flask) -> None:
    """Register the checks on ``app`` (once): after every request and, for
    what happened between requests, before every request."""
    if roll_back_failed_transaction in app.teardown_request_funcs.get(None, []):
        return
    app.teardown_request(roll_back_failed_transaction)
    app.before_request_funcs.setdefault(None, []).insert(0, _before_request)

"""Reading and writing the indicator tables (SQLAlchemy Core on CKAN's
session: the caller's transaction, committed by the action)."""

from __future__ import annotations

import hashlib
from typing import Any

import sqlalchemy as sa
from ckan import model
from sqlalchemy.dialects.postgresql import insert

from ckanext.satudata.indicators.model import (
    change_table,
    import_table,
    structure_table,
    submission_table,
    survey_link_table,
)
from ckanext.satudata.rows import Row, new_id, now
from ckanext.satudata.rows import every as _all
from ckanext.satudata.rows import one as _one

# ---- structures ----------------------------------------------------------

def structure(package_id: str) -> Row | None:
    return _one(sa.select(structure_table).where(
        structure_table.c.package_id == package_id
    ))


def structures(package_ids: list[str]) -> dict[str, Row]:
    if not package_ids:
        return {}
    rows = _all(sa.select(structure_table).where(
        structure_table.c.package_id.in_(package_ids)
    ))
    return {row["package_id"]: row for row in rows}


def structured_packages() -> Any:
    """A subquery of the ids of the datasets that have a structure."""
    return sa.select(structure_table.c.package_id)


def structured_package_ids() -> frozenset[str]:
    """The ids of the datasets that have a structure."""
    return frozenset(
        row[0] for row in model.Session.execute(structured_packages())
    )


def save_structure(package_id: str, data: dict[str, Any], user_id: str) -> None:
    when = now()
    if structure(package_id) is None:
        model.Session.execute(structure_table.insert().values(
            package_id=package_id, created=when, modified=when,
            modified_by=user_id, **data,
        ))
    else:
        model.Session.execute(structure_table.update().where(
            structure_table.c.package_id == package_id
        ).values(modified=when, modified_by=user_id, **data))


def has_values(package_id: str) -> bool:
    """Whether any period of ``package_id`` holds a value."""
    found = model.Session.execute(sa.select(submission_table.c.id).where(
        submission_table.c.package_id == package_id,
        # a bound {}: the text "{}" would be sent as a JSON string
        submission_table.c["values"]
        != sa.literal({}, submission_table.c["values"].type),
    ).limit(1)).first()
    return found is not None


# ---- submissions ---------------------------------------------------------

def submission(package_id: str, period: str, lock: bool = False) -> Row | None:
    statement = sa.select(submission_table).where(
        submission_table.c.package_id == package_id,
        submission_table.c.period == period,
    )
    if lock:
        statement = statement.with_for_update()
    return _one(statement)


def submitted_periods(package_ids: list[str]) -> dict[str, dict[str, str]]:
    """``{package_id: {period: state}}`` of every existing submission."""
    if not package_ids:
        return {}
    found: dict[str, dict[str, str]] = {}
    for package_id, period, state in model.Session.execute(sa.select(
        submission_table.c.package_id, submission_table.c.period,
        submission_table.c.state,
    ).where(submission_table.c.package_id.in_(package_ids))):
        found.setdefault(package_id, {})[period] = state
    return found


def create_submission(package_id: str, period: str, user_id: str | None) -> Row:
    """Insert an empty draft (or find the one a concurrent request made)."""
    when = now()
    statement = (
        insert(submission_table)
        .values(
            id=new_id(), package_id=package_id, period=period, state="draft",
            values={}, kode_referensi="", sumber_data="", revision=0,
            created=when, modified=when, modified_by=user_id,
        )
        .on_conflict_do_nothing(constraint="satudata_submission_period")
    )
    model.Session.execute(statement)
    found = submission(package_id, period, lock=True)
    assert found is not None
    return found


def update_submission(row: Row, changes: dict[str, Any], user_id: str | None) -> int:
    revision = row["revision"] + 1
    model.Session.execute(submission_table.update().where(
        submission_table.c.id == row["id"]
    ).values(revision=revision, modified=now(), modified_by=user_id, **changes))
    return revision


def record_change(
    submission_id: str, revision: int, *, user_id: str | None,
    survey_link_id: str | None, actor_name: str, source: str,
    changes: list[Any], details: dict[str, Any], role: str | None = None,
) -> None:
    model.Session.execute(change_table.insert().values(
        id=new_id(), submission_id=submission_id, revision=revision,
        timestamp=now(), user_id=user_id, survey_link_id=survey_link_id,
        actor_name=actor_name, role=role, source=source, changes=changes,
        details=details,
    ))


def history(submission_id: str, survey_link_id: str | None = None) -> list[Row]:
    statement = sa.select(change_table).where(
        change_table.c.submission_id == submission_id
    )
    if survey_link_id:
        statement = statement.where(change_table.c.survey_link_id == survey_link_id)
    return _all(statement.order_by(change_table.c.revision.desc()))


# ---- survey links --------------------------------------------------------

def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_link(**values: Any) -> None:
    model.Session.execute(survey_link_table.insert().values(**values))


def link(link_id: str, lock: bool = False) -> Row | None:
    """The survey link ``link_id``; ``lock``: hold it (shared) until the
    transaction ends, so that it is not revoked while a write relies on it."""
    statement = sa.select(survey_link_table).where(survey_link_table.c.id == link_id)
    if lock:
        statement = statement.with_for_update(read=True)
    return _one(statement)


def link_alive(found: Row | None) -> bool:
    """Whether the link ``found`` is neither revoked nor expired."""
    return bool(found and found["revoked"] is None and found["expires"] > now())


def link_by_token(token: str) -> Row | None:
    return _one(sa.select(survey_link_table).where(
        survey_link_table.c.token_hash == token_hash(token)
    ))


def links(package_id: str, period: str | None = None) -> list[Row]:
    statement = sa.select(survey_link_table).where(
        survey_link_table.c.package_id == package_id
    )
    if period:
        statement = statement.where(survey_link_table.c.period == period)
    return _all(statement.order_by(survey_link_table.c.created.desc()))


def link_activity(link_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Per survey link: how many saves and imports it made, and the last."""
    if not link_ids:
        return {}
    rows = model.Session.execute(
        sa.select(
            change_table.c.survey_link_id,
            sa.func.count().label("fills"),
            sa.func.max(change_table.c.timestamp).label("last"),
        )
        .where(change_table.c.survey_link_id.in_(link_ids))
        .group_by(change_table.c.survey_link_id)
    ).all()
    return {row[0]: {"fills": row[1], "last": row[2]} for row in rows}


def revoke_link(link_id: str, user_id: str) -> None:
    model.Session.execute(survey_link_table.update().where(
        survey_link_table.c.id == link_id
    ).values(revoked=now(), revoked_by=user_id))


# ---- imports -------------------------------------------------------------

def create_import(**values: Any) -> None:
    model.Session.execute(import_table.insert().values(**values))


def get_import(import_id: str) -> Row | None:
    return _one(sa.select(import_table).where(import_table.c.id == import_id))


def update_import(import_id: str, **values: Any) -> None:
    model.Session.execute(import_table.update().where(
        import_table.c.id == import_id
    ).values(**values))


# ---- submissions as the workflow moves them ------------------------------

def set_state(submission_id: str, state: str, user_id: str) -> None:
    """Move a submission to ``state`` (its values and revision stay)."""
    model.Session.execute(submission_table.update().where(
        submission_table.c.id == submission_id
    ).values(state=state, modified=now(), modified_by=user_id))


def entered_by(submission_id: str, user_id: str) -> bool:
    """Whether ``user_id`` changed any value or field of the submission:
    saved or imported it themselves, or through a survey link they created
    (a link's changes carry no user id; they count as its creator's)."""
    own_links = sa.select(survey_link_table.c.id).where(
        survey_link_table.c.created_by == user_id
    )
    return model.Session.execute(sa.select(change_table.c.id).where(
        change_table.c.submission_id == submission_id,
        sa.or_(
            change_table.c.user_id == user_id,
            change_table.c.survey_link_id.in_(own_links),
        ),
    ).limit(1)).first() is not None


def submissions(
    states: tuple[str, ...], organization_ids: list[str] | None = None,
) -> list[Row]:
    """Submissions in ``states`` of active datasets (of ``organization_ids``
    when given), with the dataset's name, title and organization."""
    package = model.package_table
    group = model.group_table
    statement = (
        sa.select(
            submission_table.c.id, submission_table.c.package_id,
            submission_table.c.period, submission_table.c.state,
            submission_table.c.modified, submission_table.c.revision,
            package.c.name.label("package_name"),
            package.c.title.label("title"),
            package.c.owner_org.label("organization_id"),
            group.c.name.label("organization"),
            group.c.title.label("organization_title"),
        )
        .join(package, package.c.id == submission_table.c.package_id)
        .join(group, group.c.id == package.c.owner_org)
        .where(submission_table.c.state.in_(states), package.c.state == "active")
        .order_by(submission_table.c.modified)
    )
    if organization_ids is not None:
        statement = statement.where(package.c.owner_org.in_(organization_ids))
    return _all(statement)


def published(package_id: str) -> list[Row]:
    """The published submissions of a dataset (values included)."""
    return _all(sa.select(submission_table).where(
        submission_table.c.package_id == package_id,
        submission_table.c.state == "published",
    ))


def period_rows(package_ids: list[str]) -> list[Row]:
    """Every submission of ``package_ids`` for the monitoring figures: id,
    dataset, period, state and whether any cell holds a value (``filled``),
    read without loading the values into Python."""
    if not package_ids:
        return []
    filled = sa.literal_column(
        "EXISTS (SELECT 1 FROM jsonb_each(satudata_submission.values)"
        " AS r(code, cells), jsonb_each(r.cells) AS c(code, value)"
        " WHERE c.value <> 'null'::jsonb)"
    )
    return _all(sa.select(
        submission_table.c.id, submission_table.c.package_id,
        submission_table.c.period, submission_table.c.state,
        submission_table.c.modified, filled.label("filled"),
    ).where(submission_table.c.package_id.in_(package_ids)))

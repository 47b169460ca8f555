"""Auth of the work queues."""

from __future__ import annotations

from ckan.types import AuthResult, Context, DataDict


def satudata_queue_list(context: Context, data_dict: DataDict) -> AuthResult:
    # Everyone logged in: the queues hold only what the user's roles reach.
    return {"success": bool(context.get("user"))}

"""The one error class of backups: its message is what the user reads."""

from __future__ import annotations


class BackupError(Exception):
    """A backup, check or restore could not be done; the message says why
    (naming a member, database or option; never a password or URL)."""


class Refused(BackupError):
    """A restore refused before it changed anything."""

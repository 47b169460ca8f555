"""Action functions of the accounts plugin: tokens."""

from __future__ import annotations

__all__: list[str] = []

"""Auth functions of the accounts plugin: staff."""

from __future__ import annotations

__all__: list[str] = []

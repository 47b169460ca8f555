"""Pages of the accounts plugin: history."""

from __future__ import annotations

__all__: list[str] = []

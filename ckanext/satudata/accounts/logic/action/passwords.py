"""Action functions of the accounts plugin: passwords."""

from __future__ import annotations

__all__: list[str] = []

"""Template helpers of the accounts plugin."""

from __future__ import annotations

__all__: list[str] = []

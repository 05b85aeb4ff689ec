"""Logging helpers for commands."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["quiet"]


@contextmanager
def quiet(logger: logging.Logger) -> Iterator[None]:
    """Silence ``logger`` below ERROR for the block: the command reports those problems itself."""
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)

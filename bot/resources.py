"""Where the bundled ``content/`` and ``locales/`` folders are, installed or in a checkout."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def bundled_dir(package: str, folder: str) -> Path:
    """Return the folder installed as ``package``, or ``folder`` of the source checkout."""
    spec = importlib.util.find_spec(package)
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            if Path(location).is_dir():
                return Path(location)
    return _CHECKOUT / folder


def content_dir() -> Path:
    """The bundled curated content."""
    return bundled_dir("atazan_content", "content")


def locales_dir() -> Path:
    """The bundled gettext catalogs (``.po``)."""
    return bundled_dir("atazan_locales", "locales")

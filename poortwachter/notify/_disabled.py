"""Webhook endpoints disabled by HTTP 410, kept in a file so a restart remembers them.

Standard Webhooks: a receiver answering 410 Gone asks the sender to stop; sending again after
a restart would ignore that. The file (``disabled_file`` in the webhook channel's settings)
holds ``{endpoint name: {"url": ..., "since": ...}}``. An endpoint counts as disabled only
while its configured URL is the one that answered 410: pointing the endpoint at a new URL (or
removing its line from the file) enables it again. Written atomically (a temporary file
renamed over the old one), readable by its owner only; read-merge-write, so two workers on
one machine keep each other's entries.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

__all__ = ["DisabledEndpoints"]


class DisabledEndpoints:
    """The endpoints disabled by a 410, in memory and (when ``path`` is given) on disk."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._urls: dict[str, str] = {
            name: str(entry.get("url", "")) for name, entry in self._read().items()
        }

    def _read(self) -> dict[str, dict[str, str]]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            return {}  # unreadable: deliver (the receiver answers 410 again if it must)
        if not isinstance(data, dict):
            return {}
        return {str(k): v for k, v in data.items() if isinstance(v, dict)}

    def is_disabled(self, name: str, url: str) -> bool:
        return self._urls.get(name) == url

    def disable(self, name: str, url: str, now: dt.datetime) -> None:
        """Remember ``name`` at ``url`` as disabled; an unwritable file keeps it in memory."""
        self._urls[name] = url
        if self.path is None:
            return
        entries = self._read()
        entries[name] = {"url": url, "since": now.astimezone(dt.UTC).isoformat()}
        text = json.dumps(entries, sort_keys=True, indent=2) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=".disabled-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temporary, self.path)
        except OSError:
            pass  # the memory copy still holds for this process

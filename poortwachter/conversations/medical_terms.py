"""The medical-term guard: free text is for work-related content, never for medical details.

The engine has no field for medical information. Free text (a summary, an agreement, the parts
of a werkbalansgesprek) could still carry it, so every free-text field is checked against a
configurable list of medical terms (``config/medical_terms.yaml``, Dutch and English). The
policy says what follows: ``warn`` (default) stores the event and reports each field and term,
``refuse`` raises :class:`~poortwachter.errors.MedicalTermError` and stores nothing, so the
user can rephrase. :func:`check_free_text` serves any other free-text field in the engine.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from poortwachter.errors import MedicalTermError, MedicalTermWarning, ParameterFileError
from poortwachter.rules._yaml import load_yaml
from poortwachter.rules.parameters import config_dir

__all__ = [
    "MedicalTermFinding",
    "MedicalTermPolicy",
    "MedicalTermWarning",
    "MedicalTerms",
    "check_free_text",
    "default_terms",
    "terms_file",
]

MedicalTermPolicy = Literal["warn", "refuse"]
#: Environment variable naming an organisation's own term list.
FILE_ENV = "POORTWACHTER_MEDICAL_TERMS_FILE"


@dataclass(frozen=True)
class MedicalTermFinding:
    """A medical term found in a free-text field: which field, which term, which event."""

    field: str
    term: str
    event_type: str | None = None


def _fold(text: str) -> str:
    """Lower case without accents: 'Bètablokker' and 'betablokker' are one term."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class MedicalTerms:
    """A compiled list of terms; :meth:`find` returns the terms a text contains."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = tuple(sorted({t.strip() for t in terms if t.strip()}))
        parts = []
        for term in sorted(self.terms, key=len, reverse=True):
            stem = term.endswith("*")
            word = re.escape(_fold(term.rstrip("*"))).replace(r"\ ", r"\s+")
            parts.append(word + (r"\w*" if stem else ""))
        self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)") if parts else None

    def find(self, text: str) -> list[str]:
        """The distinct terms (as written in the text) found in ``text``, in order."""
        if self._pattern is None:
            return []
        folded = _fold(text)
        found = [m.group(0) for m in self._pattern.finditer(folded)]
        return list(dict.fromkeys(found))

    @classmethod
    def load(cls, path: Path) -> MedicalTerms:
        data = load_yaml(path)
        if not isinstance(data, dict):
            raise ParameterFileError(str(path), None, "expected categories of terms per language")
        terms: list[str] = []
        for category, languages in data.items():
            if not isinstance(languages, dict):
                raise ParameterFileError(str(path), str(category), "expected nl: and en: lists")
            for language, items in languages.items():
                if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                    raise ParameterFileError(
                        str(path), f"{category}.{language}", "expected a list of terms"
                    )
                terms.extend(items)
        return cls(terms)


def terms_file() -> Path:
    """The term list in use: ``POORTWACHTER_MEDICAL_TERMS_FILE`` or the shipped one."""
    own = os.environ.get(FILE_ENV)
    return Path(own) if own else config_dir() / "medical_terms.yaml"


@functools.cache
def _load(path: Path) -> MedicalTerms:
    return MedicalTerms.load(path)


def default_terms() -> MedicalTerms:
    """The term list in use, read once per process."""
    return _load(terms_file())


def check_free_text(
    fields: Iterable[tuple[str, str]],
    policy: MedicalTermPolicy = "warn",
    *,
    event_type: str | None = None,
    terms: MedicalTerms | None = None,
) -> list[MedicalTermFinding]:
    """Check (field, text) pairs: the findings under ``warn``; :class:`MedicalTermError`
    naming the first field and term under ``refuse``."""
    terms = terms or default_terms()
    findings = [
        MedicalTermFinding(field, term, event_type)
        for field, value in fields
        for term in terms.find(value)
    ]
    if findings and policy == "refuse":
        first = findings[0]
        raise MedicalTermError(first.field, first.term, event_type=event_type)
    return findings

"""Law as data: legal quantities read from ``config/rules/*.yaml``, each value keyed by date.

One file per quantity (its name is the file name), as OpenFisca does. Every value carries a legal
reference (its own, or the file's). When the law changes a new dated value is added; a case keeps
using the value in force on its reference date, so old cases replay under the old law, and every
deadline names the value (``name@since``) it used.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from poortwachter.errors import ParameterFileError, ParameterNotFoundError
from poortwachter.rules._yaml import load_yaml

__all__ = [
    "REQUIRED_PARAMETERS",
    "LegalReference",
    "ParamValue",
    "ParameterSet",
    "config_dir",
    "default_parameters",
]

#: The quantities the deadline rules read; a rule set lacking one is refused at load time.
REQUIRED_PARAMETERS: tuple[str, ...] = (
    "first_year_evaluation_week",
    "first_year_evaluation_window_start_week",
    "plan_evaluation_interval_weeks",
    "plan_of_approach_after_analysis_weeks",
    "plan_of_approach_week",
    "problem_analysis_week",
    "reintegration_report_week",
    "reintegration_report_weeks_before_end",
    "samentelling_gap_weeks",
    "uwv_sick_report_week",
    "uwv_wia_letter_week",
    "wage_sanction_max_weeks",
    "wage_sanction_shortening_weeks",
    "waiting_period_weeks",
    "wia_application_week",
    "wia_late_letter_weeks",
)


class LegalReference(BaseModel):
    """Where a value comes from: a title, the article, and a link to the text."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = Field(min_length=3)
    article: str = Field(min_length=1)
    href: str = Field(pattern=r"^https?://\S+$")

    def cite(self) -> str:
        """Short citation for a deadline's legal basis (the article names its law)."""
        return self.article


class _ValueEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    value: int = Field(ge=0, le=10_000, strict=True)
    reference: LegalReference | None = None
    note: str | None = None


class _ParameterFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    description: str = Field(min_length=3)
    unit: Literal["week", "day"]
    reference: LegalReference | None = None
    last_value_still_valid_on: dt.date | None = None
    values: dict[dt.date, _ValueEntry] = Field(min_length=1)

    @field_validator("values", mode="before")
    @classmethod
    def _iso_date_keys(cls, raw: object) -> object:
        # YAML turns 2002-04-01 into a date; anything else must be an ISO date string.
        if not isinstance(raw, Mapping):
            return raw
        # Keys go on as ISO strings so that error locations read 'values.2002-04-01.value'.
        out: dict[str, object] = {}
        for key, entry in raw.items():
            if isinstance(key, dt.date):
                out[key.isoformat()] = entry
                continue
            try:
                out[dt.date.fromisoformat(str(key)).isoformat()] = entry
            except ValueError:
                raise ValueError(
                    f"key {key!r} is not an ISO date (YYYY-MM-DD) from which the value applies"
                ) from None
        return out


@dataclass(frozen=True, slots=True, eq=False)
class ParamValue:
    """One value of a legal quantity, with where it came from.

    Compared and hashed by identity: each value exists once in its :class:`ParameterSet`, which
    lets the rules cache citations per set of values cheaply.
    """

    name: str
    value: int
    unit: str
    since: dt.date
    reference: LegalReference

    @property
    def version(self) -> str:
        """Stable id of this value, e.g. ``wia_application_week@2013-07-01``."""
        return f"{self.name}@{self.since.isoformat()}"


@dataclass(frozen=True, slots=True)
class _Parameter:
    name: str
    file: str
    unit: str
    # Ascending by date.
    values: tuple[ParamValue, ...]


def _validation_reason(exc: ValidationError) -> tuple[str, str]:
    # A misspelt key shows up twice (unknown + missing); the unknown one is the useful message.
    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    first = errors[0]
    key = (
        ".".join(p.isoformat() if isinstance(p, dt.date) else str(p) for p in first["loc"])
        or "(file)"
    )
    msg = first["msg"]
    if first["type"] == "extra_forbidden":
        msg = (
            "unknown key (allowed: description, unit, reference, last_value_still_valid_on, values)"
        )
    elif first["type"] == "missing":
        msg = "required key is missing"
    return key, msg


def _read_parameter(path: Path) -> _Parameter:
    raw = load_yaml(path)
    if not isinstance(raw, Mapping):
        raise ParameterFileError(str(path), None, "expected a mapping with description/unit/values")
    try:
        parsed = _ParameterFile.model_validate(raw)
    except ValidationError as exc:
        key, msg = _validation_reason(exc)
        raise ParameterFileError(str(path), key, msg) from None
    values = []
    for since in sorted(parsed.values):
        entry = parsed.values[since]
        reference = entry.reference or parsed.reference
        if reference is None:
            raise ParameterFileError(
                str(path),
                f"values.{since.isoformat()}",
                "no legal reference: add 'reference: {title, article, href}' to the value or the "
                "file",
            )
        values.append(ParamValue(path.stem, entry.value, parsed.unit, since, reference))
    return _Parameter(path.stem, str(path), parsed.unit, tuple(values))


class ParameterSet:
    """All legal quantities of one rule set, looked up by name and date."""

    def __init__(self, parameters: Iterable[_Parameter], *, source: str) -> None:
        self._by_name = {p.name: p for p in parameters}
        self.source = source
        self._cache: dict[tuple[str, dt.date], ParamValue] = {}

    @classmethod
    def load(cls, directory: Path | None = None) -> ParameterSet:
        """Load ``directory`` (default: the shipped ``config/rules``), strictly."""
        directory = directory or config_dir() / "rules"
        if not directory.is_dir():
            raise ParameterFileError(str(directory), None, "rule parameter folder not found")
        params = [_read_parameter(p) for p in sorted(directory.glob("*.yaml"))]
        names = {p.name for p in params}
        missing = [n for n in REQUIRED_PARAMETERS if n not in names]
        if missing:
            raise ParameterFileError(
                str(directory),
                None,
                "missing parameter file(s): " + ", ".join(f"{n}.yaml" for n in missing),
            )
        return cls(params, source=str(directory))

    def names(self) -> list[str]:
        """Names of all quantities in this set."""
        return sorted(self._by_name)

    def at(self, name: str, on: dt.date) -> ParamValue:
        """The value of ``name`` in force on ``on`` (the latest value dated on or before it)."""
        cached = self._cache.get((name, on))
        if cached is not None:
            return cached
        param = self._by_name.get(name)
        if param is None:
            raise ParameterNotFoundError(name, on, None, None)
        found: ParamValue | None = None
        for value in param.values:
            if value.since <= on:
                found = value
            else:
                break
        if found is None:
            raise ParameterNotFoundError(name, on, param.values[0].since, param.file)
        if len(self._cache) > 100_000:  # bounded: a long-running worker sees many dates
            self._cache.clear()
        self._cache[(name, on)] = found
        return found

    def history(self, name: str) -> tuple[ParamValue, ...]:
        """Every dated value of ``name``, oldest first."""
        param = self._by_name.get(name)
        if param is None:
            raise ParameterNotFoundError(name, dt.date.min, None, None)
        return param.values


def config_dir() -> Path:
    """The config folder: ``$POORTWACHTER_CONFIG``, the wheel's copy, or the source tree's."""
    env = os.environ.get("POORTWACHTER_CONFIG")
    if env:
        return Path(env)
    package = Path(__file__).resolve().parent.parent
    shipped = package / "_config"
    if shipped.is_dir():
        return shipped
    return package.parent / "config"


@functools.cache
def default_parameters() -> ParameterSet:
    """The shipped rule set, loaded once per process."""
    return ParameterSet.load()

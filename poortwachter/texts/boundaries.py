"""The words of the input checks at the command line's edge: dates, clock, database."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "boundary.date_outside": (
        "{option} {value} valt buiten de ondersteunde data {low}..{high}; verwacht een datum "
        "van een verzuimdossier",
        "{option} {value} is outside the supported dates {low}..{high}; expected a date of a "
        "sickness case",
    ),
    "boundary.now_outside": (
        "POORTWACHTER_NOW {value} valt buiten de ondersteunde data {low}..{high}",
        "POORTWACHTER_NOW {value} is outside the supported dates {low}..{high}",
    ),
    "boundary.bad_db": (
        "--db {value} is geen bruikbare database-URL of bestandsnaam ({reason}); verwacht "
        "bijv. poortwachter.db of sqlite:///poortwachter.db",
        "--db {value} is not a usable database URL or file name ({reason}); expected e.g. "
        "poortwachter.db or sqlite:///poortwachter.db",
    ),
    "boundary.db_unprintable": (
        "bevat stuurtekens of ongeldige tekens",
        "it holds control or invalid characters",
    ),
    "boundary.db_too_long": ("langer dan {max} tekens", "longer than {max} characters"),
}

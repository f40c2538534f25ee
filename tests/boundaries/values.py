"""Tables of bad input, by kind, shared by the CLI and the Engine suites.

Each kind is what testers found or what the issue names: wrong types, ``None``, strings for
dates, naive datetimes, dates near year 1 and 9999, integers of thousands of digits, lone
surrogates, control characters, medical words and BSNs hidden in ids (with an extra digit,
two in a row, behind separators).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from poortwachter.privacy import is_bsn

#: Real 11-proef numbers (not anyone's: generated for the test).
BSN = "123456782"
BSN_8 = "10000021"  # 8 digits: 010000021 passes the 11-proef
assert is_bsn(BSN)
assert is_bsn(BSN_8)

BAD_IDS: list[object] = [
    "",
    " ",
    "\t",
    "a" * 65,
    "a" * 100_000,
    "a b",
    "Jan de Vries",
    "griep",  # allowed by the charset: medical words are the free-text guard's job
    "x\x00y",
    "x\ny",
    "\x1b[31mred",
    "\u202eevil",
    "\ud800",
    "case-\udfff",
    "é",
    "emp/1",
    "../etc",
    "-leading-dash",
    BSN,
    BSN_8,
    f"emp-{BSN}",
    f"emp-{BSN}0",  # one extra digit
    f"emp-9{BSN}",
    f"{BSN}{BSN}",  # two BSNs in a row
    "1234.56.782",
    "123-456-782",
    "bsn:123.45.6782",
    "9" * 5000,
    None,
    5,
    12.5,
    True,
    b"emp-1",
    ["emp-1"],
    {"id": "emp-1"},
    Decimal("1"),
    object(),
]
#: 'griep' is a fine id as far as ids go; the medical-term guard judges free text.
BAD_IDS.remove("griep")

BAD_DATES: list[object] = [
    "2026-03-02",
    "",
    dt.datetime(2026, 3, 2, 12, 0),  # noqa: DTZ001 - naive on purpose
    dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC),  # a datetime is not a date
    dt.date(1, 1, 1),
    dt.date(1, 1, 2),
    dt.date(9999, 12, 31),
    dt.date(9999, 1, 1),
    dt.date(1899, 12, 31),
    dt.date(2200, 1, 1),
    20260302,
    2026.0,
    True,
    b"2026-03-02",
    [2026, 3, 2],
    object(),
]

BAD_INTS: list[object] = [
    -1,
    10**4000,
    -(10**4000),
    2**63,
    2**31,
    "3",
    3.0,
    True,
    float("nan"),
    float("inf"),
    Decimal("3"),
    [],
    object(),
]

BAD_LANGUAGES: list[object] = ["", "de", "NL", "nl ", None, 1, "x" * 10_000, "\ud800"]

BAD_FLAGS: list[object] = ["yes", 1, 0, None, "false", 2.0]

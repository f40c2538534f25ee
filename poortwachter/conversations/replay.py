"""The conversations of a case as they stood on a date, from what was known on a date.

The same bitemporal cut as :func:`poortwachter.replay.replay_case` (``known_on``: rows recorded
by the end of that day; ``as_of``: facts effective up to that day), folded by the same fold.
"""

from __future__ import annotations

import datetime as dt

from poortwachter.audit.log import resolve
from poortwachter.clock import end_of_day_utc
from poortwachter.conversations.fold import ConversationFold
from poortwachter.decision import Rules, fold_log
from poortwachter.store import EventStore

__all__ = ["conversations_known"]


def conversations_known(
    store: EventStore,
    rules: Rules,
    case_id: str,
    *,
    as_of: dt.date | None,
    known_on: dt.date,
    today: dt.date,
) -> ConversationFold:
    """See :meth:`poortwachter.Engine.conversations`."""
    stored = store.load(case_id, recorded_up_to=end_of_day_utc(known_on))
    log = resolve(stored, effective_up_to=as_of or known_on or today)
    if not log.facts:
        return ConversationFold()
    return fold_log(case_id, log, rules, judge=False).conversations

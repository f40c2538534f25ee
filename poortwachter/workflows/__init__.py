"""Case workflows as pure guards over the event log (docs/design.md §1 property 6).

:func:`advance` answers "may this event be appended to this case now?" and folds it: sickness
events against one shared, declarative ``transitions`` machine, record-keeping events against
their own small guard; nothing is bound per case.
"""

from poortwachter.workflows._render import mermaid, render_doc
from poortwachter.workflows.wvp import (
    MACHINE,
    SICK_STAGES,
    CaseState,
    CaseStatus,
    advance,
    allowed_events,
    apply,
    fold,
    initial_status,
    state_of,
)

__all__ = [
    "MACHINE",
    "SICK_STAGES",
    "CaseState",
    "CaseStatus",
    "advance",
    "allowed_events",
    "apply",
    "fold",
    "initial_status",
    "mermaid",
    "render_doc",
    "state_of",
]

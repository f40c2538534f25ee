"""Case workflows as pure guards over the event log (DESIGN.md property 6).

``apply`` answers "may this event be appended to this case now, and what is the state after
it?" against one shared, declarative ``transitions`` machine; nothing is bound per case.
"""

from poortwachter.workflows._render import mermaid, render_doc
from poortwachter.workflows.wvp import (
    DEFAULT_RELAPSE_GAP_DAYS,
    MACHINE,
    SICK_STAGES,
    CaseState,
    CaseStatus,
    allowed_events,
    apply,
    fold,
    initial_status,
)

__all__ = [
    "DEFAULT_RELAPSE_GAP_DAYS",
    "MACHINE",
    "SICK_STAGES",
    "CaseState",
    "CaseStatus",
    "allowed_events",
    "apply",
    "fold",
    "initial_status",
    "mermaid",
    "render_doc",
]

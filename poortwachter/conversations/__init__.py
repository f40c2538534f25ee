"""Conversations, agreements and the werkbalansgesprek: the human side of a case.

The events are in :mod:`poortwachter.events.conversations`, their guard in
:mod:`poortwachter.workflows.conversations`. This package holds what is derived from them: the
incremental fold (part of the decision snapshot), the contact cadence, the signals, the
werkbalansgesprek's follow-up, the medical-term guard for free text, the story of a case and the
export mappings.
"""

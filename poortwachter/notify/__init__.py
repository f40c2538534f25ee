"""Reminders: planning them into the outbox, sweeping what is due, and delivering it.

A reminder exists to make room for a conversation before a legal moment, not to tick a box.
:mod:`poortwachter.notify.channel` holds the one small interface every delivery channel
implements (email, webhook, console); the iCalendar feed is a read-only view of the same plan.
"""

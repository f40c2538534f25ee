"""The demo behind ``make run``: local receivers and the reminder walk-through (not a library).

Needs the development dependencies (aiosmtpd); nothing in :mod:`poortwachter` imports it.
"""

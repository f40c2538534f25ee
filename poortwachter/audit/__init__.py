"""Audit: reading the log as facts (corrections, bitemporal cuts) and exporting timelines."""

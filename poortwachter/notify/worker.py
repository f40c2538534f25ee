"""A reminder worker process: APScheduler drives one periodic sweep; signals stop it cleanly.

APScheduler 3 runs in memory with a single interval job (``coalesce``, one instance at a time,
no misfire grace limit): the outbox is the only job store, so no reminder can be lost with a
scheduler's pickled jobs and several processes can sweep the same database (PostgreSQL). The
worker id is a fresh random id per process start — never a host name, so a restarted worker
can never mistake a dead predecessor's claims for its own. SIGTERM and SIGINT stop the
schedule, let the running sweep finish its batch, and return. On PostgreSQL a listener
thread (:mod:`poortwachter.notify.wake`) starts a sweep at once when a reminder becomes due now.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import signal
import sys
import threading
import uuid
from collections.abc import Mapping
from types import FrameType
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.background import BackgroundScheduler

from poortwachter.errors import PoortwachterError
from poortwachter.notify.channels import ChannelCache
from poortwachter.notify.sweep import Sweep, SweepReport, log
from poortwachter.notify.wake import listen

if TYPE_CHECKING:
    from poortwachter.engine import Engine

__all__ = ["JsonLogFormatter", "Worker", "new_worker_id"]

_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


def new_worker_id() -> str:
    """A worker id: random per process start, never derived from the host."""
    return f"w-{uuid.uuid4().hex[:16]}"


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line: time, level, message and the record's extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname.lower(),
            "msg": record.getMessage(),
        }
        data.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        return json.dumps(data, default=str, ensure_ascii=False, sort_keys=True)


class Worker:
    """Sweeps the engine's outbox: once (:meth:`run_once`) or on a schedule (:meth:`run`)."""

    def __init__(
        self,
        engine: Engine,
        *,
        interval: float | None = None,
        environ: Mapping[str, str] | None = None,
        worker_id: str | None = None,
    ) -> None:
        policy = engine.reminder_policy
        self.engine = engine
        self.id = worker_id or new_worker_id()
        self.interval = interval or policy.delivery.sweep_interval_seconds
        self.stopped = threading.Event()
        self.sweep = Sweep(
            store=engine.store,
            policy=policy,
            channel_for=ChannelCache(policy.channels, environ),
            now=engine.clock.now,
            worker=self.id,
            stop=self.stopped,
        )
        self.total = SweepReport()

    def run_once(self) -> SweepReport:
        """Deliver what is due now (catching up on everything that fell due), then return."""
        report = self.sweep.run_once()
        self.total.add(report)
        if report.claimed:
            log.info("sweep", extra={"event": "sweep", "worker": self.id, **vars(report)})
        return report

    def _tick(self) -> None:
        try:
            self.run_once()
        except PoortwachterError as exc:  # e.g. the database is away: try again next tick
            log.warning("sweep failed", extra={"event": "sweep_failed", "detail": str(exc)})

    def stop(self, signum: int | None = None, _frame: FrameType | None = None) -> None:
        """Ask the worker to stop (a signal handler): the current batch still finishes."""
        if signum is not None:
            log.info("stopping", extra={"event": "stopping", "signal": signum, "worker": self.id})
        self.stopped.set()

    def _wake(self, scheduler: BackgroundScheduler) -> None:
        """A reminder became due now (PostgreSQL NOTIFY): sweep at once, not at the next tick."""
        if not self.stopped.is_set():
            scheduler.modify_job("sweep", next_run_time=dt.datetime.now(dt.UTC))

    def run(self, *, install_signals: bool = True) -> SweepReport:
        """Sweep now and every ``interval`` seconds until :meth:`stop` (or SIGTERM/SIGINT)."""
        if install_signals:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
        scheduler = BackgroundScheduler(timezone=dt.UTC)
        scheduler.add_job(
            self._tick,
            "interval",
            seconds=self.interval,
            id="sweep",
            next_run_time=dt.datetime.now(dt.UTC),
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )
        scheduler.start()
        if self.engine.store.dialect == "postgresql":
            threading.Thread(
                target=listen,
                args=(self.engine.store.engine.url, lambda: self._wake(scheduler), self.stopped),
                name="poortwachter-listen",
                daemon=True,
            ).start()
        log.info("started", extra={"event": "started", "worker": self.id})
        try:
            while not self.stopped.wait(0.5):
                pass
        finally:
            scheduler.shutdown(wait=True)
            log.info("stopped", extra={"event": "stopped", "worker": self.id, **vars(self.total)})
        return self.total


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is now (it may be replaced after set-up)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure_logging(level: int = logging.INFO) -> None:
    """Structured (JSON lines) logs of the reminder service on stderr."""
    handler = _Stderr()
    handler.setFormatter(JsonLogFormatter())
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False

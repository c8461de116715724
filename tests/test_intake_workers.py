"""The checking workers of an import (forked processes) end even when the parent's standard streams are proxies
whose lock is held at the moment of the fork, as a live progress display's refresh thread may hold it: a worker
that flushed those proxies on exit would wait for the lock for ever, and the import with it."""

from __future__ import annotations

import io
import multiprocessing
import os
import sys
import threading

import pytest

from kuska.intake import submit


class _Guarded(io.StringIO):
    """A standard stream whose writes and flushes take a lock, as a progress display's proxy does. In the process
    that made it the lock is only ever held between two of the display's refreshes, so there the stream is read
    as free; a forked child inherits the lock in whatever state the fork found it."""

    def __init__(self, lock: threading.Lock) -> None:
        super().__init__()
        self.lock = lock
        self.owner = os.getpid()

    def write(self, text: str) -> int:
        if os.getpid() != self.owner:
            with self.lock:
                return super().write(text)
        return super().write(text)

    def flush(self) -> None:
        if os.getpid() != self.owner:
            with self.lock:
                super().flush()


def _square(number: int) -> int:
    return number * number


@pytest.mark.skipif(sys.platform == "win32", reason="the workers are forked")
def test_a_worker_forked_while_the_display_holds_its_lock_still_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lock = threading.Lock()
    monkeypatch.setattr(sys, "stdout", _Guarded(lock))
    monkeypatch.setattr(sys, "stderr", _Guarded(lock))
    with (
        lock
    ):  # held at the fork, as by the display's refresh thread; a forked child inherits it held
        pool = multiprocessing.get_context("fork").Pool(1, initializer=submit._plain_output)
    try:
        assert pool.apply_async(_square, (7,)).get(timeout=30) == 49
        pool.close()
        joiner = threading.Thread(target=pool.join, daemon=True)
        joiner.start()
        joiner.join(timeout=30)
        assert not joiner.is_alive(), "a worker never ended: it waited for the parent's stream lock"
    finally:
        pool.terminate()

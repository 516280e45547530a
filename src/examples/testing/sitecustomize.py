"""Parity harness for mpplay's lesson tests: run a Python original the way mpplay runs its port.

Loaded by CPython at start-up (this folder is put on PYTHONPATH), in the main process and in every
spawned child. It
- sets the start method to spawn (mpplay's semantics, whatever the platform's default),
- scales time.sleep, Process.join(timeout) and the clocks time.time / time.perf_counter by
  MPPLAY_SPEED, as `mpplay run --speed N` does (time.monotonic is left alone: multiprocessing
  computes its own deadlines with it),
- writes every line a process prints as one JSON object on fd 1, tagged with the process's name
  and pid: {"name", "pid", "ppid", "stream": "stdout"|"stderr", "text"},
- reports exit codes as {"exit": pid, "name", "code"}: a child reports its own when its target
  returns or raises, and a parent reports what it reaps (signals, bootstrap failures).
"""

import json
import os
import sys
import time

import multiprocessing
import multiprocessing.popen_fork
import multiprocessing.process

_SPEED = float(os.environ.get("MPPLAY_SPEED", "1"))

multiprocessing.set_start_method("spawn", force=True)


def _emit(record):
    # One os.write per line: atomic on a pipe (< PIPE_BUF), so lines of different processes never mix.
    os.write(1, (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))


def _name():
    try:
        return multiprocessing.current_process().name
    except Exception:  # during interpreter shutdown
        return "?"


class _TaggedStream:
    """A text stream that emits each complete line as a tagged JSON record."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, stream):
        self._stream = stream
        self._buf = ""

    def write(self, s):
        self._buf += s
        while "\n" in self._buf:
            line, self._buf = self._buf.split("\n", 1)
            self._line(line)
        return len(s)

    def _line(self, line):
        _emit({"name": _name(), "pid": os.getpid(), "ppid": os.getppid(), "stream": self._stream, "text": line})

    def flush(self):
        pass

    def finish(self):
        if self._buf:
            line, self._buf = self._buf, ""
            self._line(line)

    def isatty(self):
        return False

    def writable(self):
        return True


sys.stdout = _TaggedStream("stdout")
sys.stderr = _TaggedStream("stderr")


def _finish_streams():
    sys.stdout.finish()
    sys.stderr.finish()


import atexit  # noqa: E402

atexit.register(_finish_streams)

_real_sleep = time.sleep


def _sleep(seconds):
    _real_sleep(seconds / _SPEED)


def _scaled(real):
    origin = real()
    return lambda: origin + (real() - origin) * _SPEED


time.sleep = _sleep
time.time = _scaled(time.time)
time.perf_counter = _scaled(time.perf_counter)

_BaseProcess = multiprocessing.process.BaseProcess
_real_join = _BaseProcess.join
_real_bootstrap = _BaseProcess._bootstrap


def _join(self, timeout=None):
    return _real_join(self, None if timeout is None else timeout / _SPEED)


def _bootstrap(self, *args, **kwargs):
    code = _real_bootstrap(self, *args, **kwargs)
    _finish_streams()
    _emit({"exit": os.getpid(), "name": self.name, "code": code, "by": "self"})
    return code


_BaseProcess.join = _join
_BaseProcess._bootstrap = _bootstrap

_Popen = multiprocessing.popen_fork.Popen
_real_poll = _Popen.poll
_real_init = _Popen.__init__


def _init(self, process_obj):
    self._mpplay_name = process_obj.name
    _real_init(self, process_obj)


def _poll(self, flag=os.WNOHANG):
    before = self.returncode
    code = _real_poll(self, flag)
    if before is None and code is not None:
        _emit({"exit": self.pid, "name": getattr(self, "_mpplay_name", None), "code": code, "by": "parent"})
    return code


_Popen.__init__ = _init
_Popen.poll = _poll

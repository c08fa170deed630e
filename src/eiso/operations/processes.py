"""Starting, watching and stopping the server processes (ZEO server, Zope clients)."""

from pathlib import Path

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


# Servers started here outlive this process (make start-zeo returns): their Popen
# objects stay referenced, so none is collected (with a warning) while it runs.
_children = []


def bin_dir():
    """The directory of this Python's console scripts (the virtualenv's bin/)."""
    return Path(sys.executable).parent


def read_pid(pidfile):
    try:
        return int(Path(pidfile).read_text().strip())
    except (OSError, ValueError):
        return None


def alive(pid):
    if not pid:
        return False
    for process in _children:  # started here: let Popen reap it and know it ended
        if process.pid == pid:
            return process.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child of ours counts as dead
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return done == 0


def running(pidfile):
    """The pid recorded in ``pidfile`` if that process is alive, else None."""
    pid = read_pid(pidfile)
    return pid if alive(pid) else None


def port_open(host, port, timeout=0.5):
    try:
        with socket.create_connection((host, int(port)), timeout=timeout):
            return True
    except OSError:
        return False


def wait_port(host, port, timeout=60, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_open(host, port):
            return True
        if process is not None and process.poll() is not None:
            return False
        time.sleep(0.2)
    return False


def http_status(url, timeout=10):
    """The HTTP status of a GET on ``url``, or None if nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (OSError, urllib.error.URLError):
        return None


def wait_http(url, timeout=120, process=None):
    """Wait until ``url`` answers at all (any status); False on timeout or exit."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if http_status(url, timeout=5) is not None:
            return True
        if process is not None and process.poll() is not None:
            return False
        time.sleep(0.3)
    return False


def spawn(args, logfile, env=None):
    """Start ``args`` in its own session, output appended to ``logfile``."""
    Path(logfile).parent.mkdir(parents=True, exist_ok=True)
    with open(logfile, "ab") as log:
        process = subprocess.Popen(
            [str(a) for a in args],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
    _children.append(process)
    return process


def stop_pid(pid, timeout=30, sig=signal.SIGTERM):
    """Send ``sig`` to ``pid`` and wait for it to end; SIGKILL after ``timeout``."""
    if not alive(pid):
        return False
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.2)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return True


def log_tail(logfile, lines=25):
    """The last ``lines`` lines of ``logfile`` (what a process said before it failed)."""
    try:
        text = Path(logfile).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])

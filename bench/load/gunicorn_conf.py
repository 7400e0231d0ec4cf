"""The production server configuration the load benchmark serves every page with.

    gunicorn config.wsgi:application -c bench/load/gunicorn_conf.py --bind 127.0.0.1:PORT

Synchronous workers (Django's request handling is CPU-bound and blocking), two per core,
a 30 s timeout, no access log, as docs/deploy.md runs it; workers are not recycled unless
BENCH_MAX_REQUESTS is set (bench/README.md says why).

The hooks below serve the benchmark only, and cost a memory write or two per request:
BENCH_INFLIGHT names a file where each worker counts the requests it began and finished,
so the benchmark can wait for the server to be idle between phases; BENCH_SERVER_ERRORS
names a file where every 5xx answer is noted, including those that come after wrk has
stopped waiting for them.
"""

import mmap
import os
import socket
import struct
import time

cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
workers = int(os.environ.get("BENCH_WORKERS") or 2 * (cores or 1))
worker_class = "sync"
max_requests = int(os.environ.get("BENCH_MAX_REQUESTS") or 0)
max_requests_jitter = max_requests // 10
timeout = 30
graceful_timeout = 30
accesslog = None
errorlog = "-"
loglevel = "warning"
# Two servers may run one after the other: no shared control socket in $HOME.
control_socket_disable = True


def when_ready(server):
    """Hand a worker a connection only once its request has arrived (TCP_DEFER_ACCEPT).

    wrk opens a user's next connection as soon as the last answer is in and keeps it idle
    through the think time; a sync worker that accepted it would wait there for the
    request while others queue. In production a proxy opens a connection to gunicorn
    only with a request in hand, so no worker ever waits like that: this gives the
    benchmark the same. Without think time it changes nothing.
    """
    for listener in server.LISTENERS:
        if listener.family in (socket.AF_INET, socket.AF_INET6):
            listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, 10)


SLOTS = 256  # worker slots in the in-flight file: 16 bytes each (began, finished)
_slot = {}


def post_worker_init(worker):
    path = os.environ.get("BENCH_INFLIGHT")
    if path:
        with open(path, "r+b") as handle:
            _slot["map"] = mmap.mmap(handle.fileno(), SLOTS * 16)
        _slot["offset"] = (worker.age % SLOTS) * 16
        _slot["counts"] = [0, 0]


def _count(index):
    if "map" in _slot:
        _slot["counts"][index] += 1
        _slot["map"][_slot["offset"] : _slot["offset"] + 16] = struct.pack("<qq", *_slot["counts"])


def pre_request(worker, req):
    _count(0)


def post_request(worker, req, environ, resp):
    _count(1)
    target = os.environ.get("BENCH_SERVER_ERRORS")
    if target and (resp.status_code or 500) >= 500:
        with open(target, "a", encoding="utf-8") as log:
            log.write(f"{time.time():.3f} {resp.status_code} {req.method} {req.path}\n")

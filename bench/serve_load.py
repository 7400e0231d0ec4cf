"""Load benchmark: the app under gunicorn, driven by wrk over logged-in sessions.

    .venv/bin/python bench/serve_load.py          (make bench runs it)
    make bench BENCH_QUICK=1                       (a few couples, short phases)

For each database (SQLite, then PostgreSQL with Redis) and for two amounts of history
(D days and D/10 days, the same couples), it loads the data once (cached, see below),
starts gunicorn with production settings, logs people in without their passwords
(`manage.py bench_sessions`), and measures each page in two phases with wrk:

  latency     16 virtual users, each waiting for its answer and then "thinking" for a
              random 250-750 ms before its next request (BENCH_THINK_MS=500 mean);
  saturation  the same 16 users with no think time: the server never idles, so the
              requests per second are the page's throughput on this machine. Run
              BENCH_REPEATS times (3); the run with the median throughput is the one
              reported and judged, and every run's errors count.

It prints and writes, per page: requests/s, p50, p95 and p99 latency, errors, the
throughput relative to a bare framework page served by the same server in the same run,
and how much slower each page is with 10x the history. bench/README.md explains the
choices. Figures go to bench/results/<timestamp>-<db>.json and .md, and all of this
run's to bench/results/latest.md.

Knobs (environment): BENCH_COUPLES (1000), BENCH_DAYS (365), BENCH_SEED (1),
BENCH_SECONDS per phase per page (10), BENCH_REPEATS of each saturation phase (3),
BENCH_WARMUP seconds (3), BENCH_DBS
(sqlite,postgres), BENCH_CONCURRENCY (16), BENCH_THINK_MS (500), BENCH_HISTORY (1: also
measure D/10 days; 0: only D), BENCH_PAGES (all; or a comma list of page names),
BENCH_QUICK (1: 30 couples x 30 days, 3 s phases), BENCH_PG_URL
(postgres://postgres@127.0.0.1:5432), BENCH_REDIS_URL (redis://127.0.0.1:6379/13).

Exit status: 0 when every request got its expected answer, 1 when any request failed or
a step crashed. Missed targets are printed as MISS, but do not fail the run.
"""

import contextlib
import hashlib
import http.client
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / ".data"
RESULTS = BENCH / "results"
LUA = BENCH / "load" / "pages.lua"
GUNICORN_CONF = BENCH / "load" / "gunicorn_conf.py"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")

# Fixed, benchmark-only secrets: the cached databases hold data encrypted under this
# master key, so every run must use the same one. Never used outside bench/.data.
BENCH_SECRET_KEY = "bench-only-secret-key-" + "b" * 40
BENCH_MASTER_KEYS = "bench:" + (
    __import__("base64")
    .urlsafe_b64encode(hashlib.sha256(b"steadfast load benchmark only").digest())
    .decode()
    .rstrip("=")
)
PASSWORD = "load-password-123"  # noqa: S105  (seed_load's default; nothing logs in with it)
THERAPIST = "load.t000@steadfast.test"  # 50 clients: couples 0 to 24
# The targets.
P95_MS, P99_MS = 50.0, 150.0
COUPLE_VIEW_SHARE = 0.25
HISTORY_SLOWDOWN = 1.5
CACHE_VERSION = "1"
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
WORKERS = int(os.environ.get("BENCH_WORKERS") or 2 * CORES)  # as bench/load/gunicorn_conf.py


def person_email(couple, side):
    return f"load.c{couple:05d}.{side}@steadfast.test"


# --- Configuration ---------------------------------------------------------------------


def _env(name, default):
    value = os.environ.get(name, "").strip()
    return value if value else default


@dataclass
class Config:
    couples: int
    days: int
    seed: int
    seconds: float
    warmup: float
    dbs: list
    concurrency: int
    think_ms: int
    history: bool
    repeats: int
    pages: list
    quick: bool
    pg_url: str
    redis_url: str

    @classmethod
    def from_env(cls):
        quick = _env("BENCH_QUICK", "0").lower() in {"1", "true", "yes", "on"}
        dbs = [d.strip() for d in _env("BENCH_DBS", "sqlite,postgres").split(",") if d.strip()]
        unknown = set(dbs) - {"sqlite", "postgres"}
        if unknown or not dbs:
            raise SystemExit(f"BENCH_DBS: use sqlite and/or postgres, not {sorted(unknown)}")
        pages = [p.strip() for p in _env("BENCH_PAGES", "").split(",") if p.strip()]
        wrong = set(pages) - set(PAGE_NAMES)
        if wrong:
            raise SystemExit(f"BENCH_PAGES: unknown {sorted(wrong)}; pages: {PAGE_NAMES}")
        config = cls(
            couples=int(_env("BENCH_COUPLES", 30 if quick else 1000)),
            days=int(_env("BENCH_DAYS", 30 if quick else 365)),
            seed=int(_env("BENCH_SEED", 1)),
            seconds=float(_env("BENCH_SECONDS", 3 if quick else 10)),
            warmup=float(_env("BENCH_WARMUP", 1 if quick else 3)),
            dbs=dbs,
            concurrency=int(_env("BENCH_CONCURRENCY", 16)),
            think_ms=int(_env("BENCH_THINK_MS", 500)),
            history=_env("BENCH_HISTORY", "1") not in {"0", "false", "no", "off"},
            repeats=int(_env("BENCH_REPEATS", 1 if quick else 3)),
            pages=pages or list(PAGE_NAMES),
            quick=quick,
            pg_url=_env("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/"),
            redis_url=_env("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        )
        if config.couples < 25:
            raise SystemExit("BENCH_COUPLES: at least 25 (the therapist's 50 clients)")
        if config.days < 1 or config.seconds <= 0 or config.concurrency < 1 or config.repeats < 1:
            raise SystemExit(
                "BENCH_DAYS, BENCH_SECONDS, BENCH_CONCURRENCY and BENCH_REPEATS must be positive"
            )
        return config

    @property
    def day_counts(self):
        """The history lengths measured: D/10 then D (only D if that is the same)."""
        small = max(1, round(self.days / 10))
        return [small, self.days] if self.history and small < self.days else [self.days]


# --- Processes and services ---------------------------------------------------------------


def say(text=""):
    print(text, flush=True)


def base_env(db, config, days):
    """The environment every manage.py and the server run with, for one data set."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("STEADFAST_", "DATABASE_URL", "REDIS_URL", "SQLITE_PATH"))
    }
    env.update(
        SECRET_KEY=BENCH_SECRET_KEY,
        STEADFAST_MASTER_KEYS=BENCH_MASTER_KEYS,
        DEBUG="0",
        LOG_LEVEL="WARNING",
        # One BLAS thread per process: four workers share two cores (the coach's model).
        OMP_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONUNBUFFERED="1",
    )
    if db == "sqlite":
        env["SQLITE_PATH"] = str(sqlite_path(config, days))
    else:
        env["DATABASE_URL"] = f"{config.pg_url}/{pg_name(config, days)}"
        env["REDIS_URL"] = config.redis_url
    return env


def production_env(env):
    return {
        **env,
        "STEADFAST_ENV": "production",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Mounts the bare page (config/urls.py); nothing else changes.
        "STEADFAST_BENCH": "1",
    }


def manage(env, *args, capture=False):
    command = [PYTHON, "manage.py", *args]
    result = subprocess.run(  # noqa: S603  (our own manage.py)
        command, cwd=ROOT, env=env, text=True, capture_output=True
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise RuntimeError(f"manage.py {' '.join(args[:1])} failed ({result.returncode})")
    return result.stdout if capture else None


def wait_until(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise RuntimeError(f"{what} did not come up within {seconds} s")


def pg_connect(config, dbname="postgres"):
    import psycopg

    return psycopg.connect(f"{config.pg_url}/{dbname}", autocommit=True, connect_timeout=3)


def ensure_postgres(config):
    def up():
        try:
            pg_connect(config).close()
            return True
        except Exception:  # noqa: BLE001  (any failure means: not up yet)
            return False

    if up():
        return
    versions = sorted(Path("/etc/postgresql").glob("*"), key=lambda p: p.name)
    if not versions or not shutil.which("pg_ctlcluster"):
        raise RuntimeError(f"PostgreSQL is not answering at {config.pg_url} and is not installed")
    say(f"PostgreSQL is down; starting cluster {versions[-1].name}/main")
    subprocess.run(  # noqa: S603
        [shutil.which("pg_ctlcluster"), "--skip-systemctl-redirect", versions[-1].name, "main",
         "start"],
        check=False,
    )  # fmt: skip
    wait_until(up, 30, "PostgreSQL")


def redis_client(config):
    import redis

    return redis.Redis.from_url(config.redis_url, socket_connect_timeout=3)


def ensure_redis(config):
    def up():
        try:
            return bool(redis_client(config).ping())
        except Exception:  # noqa: BLE001
            return False

    if up():
        return
    if not shutil.which("redis-server"):
        raise RuntimeError(f"Redis is not answering at {config.redis_url} and is not installed")
    port = urllib.parse.urlsplit(config.redis_url).port or 6379
    say("Redis is down; starting redis-server")
    subprocess.run(  # noqa: S603
        [shutil.which("redis-server"), "--daemonize", "yes", "--bind", "127.0.0.1",
         "--port", str(port), "--save", "", "--appendonly", "no"],
        check=False,
    )  # fmt: skip
    wait_until(up, 30, "Redis")


# --- Data: loaded once, cached -------------------------------------------------------------


def sqlite_path(config, days):
    return DATA / f"sqlite-{config.couples}x{days}-seed{config.seed}.sqlite3"


def pg_name(config, days):
    return f"steadfast_bench_{config.couples}_{days}"


def fingerprint(config, days):
    """What the cached data depends on: its size and seed, the loader's code, the schema."""
    digest = hashlib.sha256(f"{CACHE_VERSION}:{config.couples}:{days}:{config.seed}".encode())
    loader = ROOT / "steadfast" / "loadtest"
    for path in sorted(loader.rglob("*.py")):
        if "tests" in path.parts or path.name in {"bench_sessions.py", "bench_views.py"}:
            continue
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    for path in sorted(ROOT.glob("steadfast/*/migrations/*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
    return digest.hexdigest()[:32]


def seed(env, config, days):
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(
        env, "seed_load", "--couples", str(config.couples), "--days", str(days),
        "--seed", str(config.seed), "--password", PASSWORD,
    )  # fmt: skip
    return time.monotonic() - started


def prepare_sqlite(config, days):
    path = sqlite_path(config, days)
    marker = path.with_suffix(".json")
    wanted = fingerprint(config, days)
    env = base_env("sqlite", config, days)
    if path.exists() and marker.exists():
        with contextlib.suppress(ValueError, OSError):
            if json.loads(marker.read_text()).get("fingerprint") == wanted:
                say(f"  data: reusing {path.relative_to(ROOT)}")
                return env
    DATA.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    marker.unlink(missing_ok=True)
    say(f"  data: loading {config.couples} couples x {days} days into {path.relative_to(ROOT)}")
    took = seed(env, config, days)
    marker.write_text(json.dumps({"fingerprint": wanted, "seconds": round(took, 1)}))
    say(f"  data: loaded in {took:.0f} s")
    return env


def prepare_postgres(config, days):
    name = pg_name(config, days)
    wanted = fingerprint(config, days)
    env = base_env("postgres", config, days)
    with pg_connect(config) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if row is not None and row[0] == f"steadfast bench {wanted}":
            say(f"  data: reusing PostgreSQL database {name}")
            return env
        say(f"  data: loading {config.couples} couples x {days} days into PostgreSQL {name}")
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    took = seed(env, config, days)
    with pg_connect(config, name) as conn:
        # What autovacuum does soon after a bulk load anyway: planner statistics.
        conn.execute("VACUUM ANALYZE")
    with pg_connect(config) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS 'steadfast bench {wanted}'")
    say(f"  data: loaded in {took:.0f} s")
    return env


# --- The server --------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with production settings, on a free loopback port."""

    SLOTS = 256  # as bench/load/gunicorn_conf.py

    def __init__(self, env, log_path, errors_path, db_pids=None):
        self.db_pids = db_pids or list
        self.inflight_path = log_path.with_suffix(".inflight")
        self.env = {
            **production_env(env),
            "BENCH_SERVER_ERRORS": str(errors_path),
            "BENCH_INFLIGHT": str(self.inflight_path),
        }
        self.log_path = log_path
        errors_path.write_text("")
        self.inflight_path.write_bytes(bytes(self.SLOTS * 16))
        self.port = free_port()
        self.process = None
        self.log = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def get(self, path, headers=None):
        request = urllib.request.Request(  # noqa: S310  (http://127.0.0.1 only)
            self.base + path, headers={"X-Forwarded-Proto": "https", **(headers or {})}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return None

    def __enter__(self):
        self.log = open(self.log_path, "w")  # noqa: SIM115  (closed in __exit__)
        self.process = subprocess.Popen(  # noqa: S603
            [GUNICORN, "config.wsgi:application", "-c", str(GUNICORN_CONF),
             "--bind", f"127.0.0.1:{self.port}"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

        def ready():
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            return self.get("/bench/bare/") == 200

        wait_until(ready, 60, "gunicorn")
        return self

    def counts(self):
        """(requests begun, requests finished) by all workers so far."""
        import struct

        data = self.inflight_path.read_bytes()
        pairs = [struct.unpack_from("<qq", data, i * 16) for i in range(self.SLOTS)]
        return sum(p[0] for p in pairs), sum(p[1] for p in pairs)

    def drain(self, limit=60.0):
        """Wait until no request is running or waiting: requests wrk gave up on at the end
        of a phase must not run into the next one. Seconds waited (None: gave up)."""
        started = time.monotonic()
        previous = None
        while time.monotonic() - started < limit:
            begun, finished = self.counts()
            if begun == finished and previous == (begun, finished):
                return round(time.monotonic() - started, 2)
            previous = (begun, finished) if begun == finished else None
            time.sleep(0.1)
        return None

    def cpu(self):
        """CPU seconds gunicorn used so far: the master with every worker it has reaped
        (workers are recycled), plus the workers alive now."""
        total = cpu_of(self.process.pid, children=True) or 0.0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    total += cpu_of(int(stat.parent.name)) or 0.0
        return total

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log:
            self.log.close()


# --- Pages -------------------------------------------------------------------------------

PAGE_NAMES = [
    "bare",
    "bare-session",
    "home",
    "together",
    "result",
    "chart",
    "checkin",
    "coach",
    "dashboard",
    "summary",
]
TITLES = {
    "bare": "bare framework page (GET /bench/bare/, no session)",
    "bare-session": "bare page with a session (informative)",
    "home": "home (GET /home/)",
    "together": "couple view (GET /together/)",
    "result": "measure result (GET /measures/results/<key>/)",
    "chart": "history chart (GET /measures/<slug>/history.svg)",
    "checkin": "check-in submission (POST /daily/)",
    "coach": "coach while typing (htmx POST /talk/coach/)",
    "dashboard": "therapist dashboard, 50 clients (GET /practice/)",
    "summary": "pre-session summary (GET /practice/couples/<key>/summary/)",
}
JUDGED = [p for p in PAGE_NAMES if not p.startswith("bare")]

DRAFTS = [
    "I feel hurt when plans change at the last minute, and I need us to agree on them together.",
    "You never listen to me and you always do whatever you want anyway.",
    "When you came home late on Friday I felt worried. Could you text me next time?",
]
NOTE = "A calmer day. We talked after dinner."


def typing(draft, steps=6):
    """What the draft box holds as someone types it: growing prefixes, word by word."""
    words = draft.split()
    cuts = sorted({max(1, round(len(words) * (i + 1) / steps)) for i in range(steps)})
    return [" ".join(words[:cut]) for cut in cuts]


@dataclass
class Page:
    name: str
    expect: int
    requests: list
    location: str | None = None
    people: int = 0
    note: str = ""
    # Request each of `requests` once before measuring: what the app draws ahead of the
    # first view in use (a person's chart, drawn by the worker when a result is saved:
    # steadfast/assessments/tasks.py) but the bulk loader, which saves through no view,
    # never had drawn.
    predrawn: bool = False


def cookie(found, entry):
    return (
        f"{found['session_cookie']}={entry['session']}; "
        f"{found['csrf_cookie']}={entry['csrf_secret']}"
    )


def build_pages(found, server):
    """Each page's list of requests, one per (person, variant), people interleaved."""
    origin = f"https://127.0.0.1:{server.port}"
    plain = {"X-Forwarded-Proto": "https"}
    people = [s for s in found["sessions"] if s["role"] == "person"]
    therapists = [s for s in found["sessions"] if s["role"] == "therapist"]

    def get(entry, path):
        headers = dict(plain)
        if entry is not None:
            headers["Cookie"] = cookie(found, entry)
        return {"method": "GET", "path": path, "headers": headers}

    def post(entry, path, form, extra=None):
        body = urllib.parse.urlencode(form).replace("%7Buuid%7D", "{uuid}")
        headers = {
            **plain,
            "Cookie": cookie(found, entry),
            "Origin": origin,
            "Content-Type": "application/x-www-form-urlencoded",
            **(extra or {}),
        }
        return {"method": "POST", "path": path, "headers": headers, "body": body}

    pages = {
        "bare": Page("bare", 200, [get(None, "/bench/bare/")]),
        "bare-session": Page(
            "bare-session", 200, [get(p, "/bench/bare/") for p in people], people=len(people)
        ),
        "home": Page("home", 200, [get(p, "/home/") for p in people], people=len(people)),
        "together": Page(
            "together", 200, [get(p, "/together/") for p in people], people=len(people)
        ),
    }
    measured = [p for p in people if p.get("result")]
    pages["result"] = Page(
        "result", 200,
        [get(p, f"/measures/results/{p['result']}/") for p in measured], people=len(measured),
    )  # fmt: skip
    pages["chart"] = Page(
        "chart", 200,
        [get(p, f"/measures/{p['instrument']}/history.svg") for p in measured],
        people=len(measured), predrawn=True,
    )  # fmt: skip
    checkins = []
    for i, p in enumerate(people):
        form = {
            "csrfmiddlewaretoken": p["csrf_token"],
            "submission_key": "{uuid}",  # a new form each time: each POST really saves
            "day": p["today"],
            "trust": str(3 + i % 6),
            "closeness": str(2 + i % 7),
            "mood": str(4 + i % 5),
            "note": NOTE,
            "audience": p.get("checkin_audience") or "private",
        }
        checkins.append(post(p, "/daily/", form))
    pages["checkin"] = Page("checkin", 302, checkins, location="/daily/", people=len(people))

    speakers = [p for p in people if p.get("conversation")]
    typists = speakers or people
    coach = []
    texts = [text for draft in DRAFTS for text in typing(draft)]
    for text in texts:  # everyone types the same drafts, a word at a time, in turn
        for p in typists:
            form = {"csrfmiddlewaretoken": p["csrf_token"]}
            current = f"{origin}/talk/"
            if p.get("conversation"):
                form.update(
                    kind="statement", step=str(p.get("step", 0)),
                    submission_key=p["conversation"], conversation=p["conversation"],
                )  # fmt: skip
                current = f"{origin}/talk/{p['conversation']}/"
            form["text"] = text
            htmx = {
                "HX-Request": "true",
                "HX-Current-URL": current,
                "HX-Target": "coach-feedback",
                "HX-Trigger": "talk-text",
                "HX-Trigger-Name": "text",
            }
            coach.append(post(p, "/talk/coach/", form, htmx))
    pages["coach"] = Page(
        "coach", 200, coach, people=len(typists),
        note="" if speakers else "no open conversation in the data: posted without one",
    )  # fmt: skip

    pages["dashboard"] = Page(
        "dashboard", 200, [get(t, "/practice/") for t in therapists], people=len(therapists)
    )
    couples = therapists[0]["couples"] if therapists else []
    summaries = [
        get(
            therapists[i % len(therapists)],
            f"/practice/couples/{couples[i % len(couples)]}/summary/",
        )
        for i in range(max(len(couples), len(therapists)) if couples else 0)
    ]
    pages["summary"] = Page("summary", 200, summaries, people=len(therapists))
    return pages


def lua_string(text):
    return (
        '"'
        + "".join(
            ch if ch.isalnum() or ch in " -_./:;=&%@+,{}()<>?*!~'" else f"\\{ord(ch):03d}"
            for ch in text
        )
        + '"'
    )


def write_spec(page, directory):
    lines = ["return {", f"  expect = {page.expect},"]
    if page.location:
        lines.append(f"  location = {lua_string(page.location)},")
    lines.append("  requests = {")
    for r in page.requests:
        headers = ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in r["headers"].items())
        body = f", body = {lua_string(r['body'])}" if r.get("body") is not None else ""
        lines.append(
            f"    {{method = {lua_string(r['method'])}, path = {lua_string(r['path'])}, "
            f"headers = {{{headers}}}{body}}},"
        )
    lines += ["  },", "}"]
    path = Path(directory) / f"{page.name}.lua"
    path.write_text("\n".join(lines) + "\n")
    return path


# --- Measuring ---------------------------------------------------------------------------


def cpu_ticks():
    """(busy, total) jiffies of the whole machine."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def cpu_of(pid, children=False):
    """CPU seconds a process used so far (with `children`: also its reaped children's)."""
    with contextlib.suppress(OSError, IndexError, ValueError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        if children:
            ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
        return ticks / os.sysconf("SC_CLK_TCK")
    return None


def cpu_between(before, after):
    """Seconds used between two {pid: seconds} readings; a process gone by the second
    reading counts for nothing (see Server.cpu for gunicorn's workers, which are not)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def cpu_reading(pids):
    return {pid: value for pid in pids if (value := cpu_of(pid)) is not None}


@dataclass
class Phase:
    requests: int = 0
    seconds: float = 0.0
    rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    errors: int = 0
    error_detail: dict = field(default_factory=dict)
    unfinished: bool = False  # no request was answered within the phase
    drain_seconds: float | None = 0.0  # how long requests went on after the phase
    machine_cpu: float = 0.0  # share of all cores busy during the phase
    app_cpu: float = 0.0  # gunicorn's CPU, in cores
    generator_cpu: float = 0.0  # wrk's own CPU, in cores
    db_cpu: float = 0.0  # PostgreSQL's backends serving the app, in cores
    other_cpu: float = 0.0  # everything else (other programs, Redis...), in cores
    load_before: float = 0.0  # the machine's 1-minute load average as the phase began
    started: float = 0.0


def median_phase(phases):
    """Of repeated saturation phases, the one with the median throughput (the lower
    middle one of an even number), with every error of all of them counted in it. One
    10 s phase on a 2-core machine moves by 5-10% from one minute to the next; the
    median of three is what the throughput figures and the history verdict use. The
    others are kept in the results as "saturation_repeat_N", and their errors count."""
    ordered = sorted(phases, key=lambda phase: phase.rps)
    return ordered[(len(ordered) - 1) // 2]


def run_wrk(server, spec, seconds, connections, think_ms):
    load_before = os.getloadavg()[0]
    started = time.time()
    app0 = server.cpu()
    db0 = cpu_reading(server.db_pids())
    before_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy0, total0 = cpu_ticks()
    command = [
        "wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
        "-s", str(LUA), server.base + "/", "--", str(spec), str(think_ms),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    busy1, total1 = cpu_ticks()
    after_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    app1 = server.cpu()
    db_used = cpu_between(db0, cpu_reading(server.db_pids()))
    drained = server.drain()
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if result.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stderr or result.stdout}")
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    wall = raw["duration_us"] / 1e6
    socket_errors = {k: raw[k] for k in ("connect", "read", "write", "timeout") if raw[k]}
    detail = {**{f"status {k}": v for k, v in raw["wrong_statuses"].items()}, **socket_errors}
    if drained is None:
        detail["server still busy 60 s after the phase"] = 1
    used = (after_usage.ru_utime + after_usage.ru_stime) - (
        before_usage.ru_utime + before_usage.ru_stime
    )
    return Phase(
        requests=raw["requests"],
        seconds=round(wall, 2),
        rps=round(raw["requests"] / wall, 1) if wall else 0.0,
        p50_ms=round(raw["p50_us"] / 1000, 1),
        p95_ms=round(raw["p95_us"] / 1000, 1),
        p99_ms=round(raw["p99_us"] / 1000, 1),
        max_ms=round(raw["max_us"] / 1000, 1),
        errors=raw["wrong"] + sum(socket_errors.values()) + (drained is None),
        error_detail=detail,
        unfinished=raw["requests"] == 0,
        drain_seconds=drained,
        machine_cpu=round((busy1 - busy0) / max(1, total1 - total0), 2),
        app_cpu=round((app1 - app0) / wall, 2) if wall else 0.0,
        generator_cpu=round(used / wall, 2) if wall else 0.0,
        db_cpu=round(db_used / wall, 2) if wall else 0.0,
        other_cpu=round(
            max(
                0.0,
                (busy1 - busy0) / max(1, total1 - total0) * CORES
                - (app1 - app0 + db_used + used) / wall,
            )
            if wall
            else 0.0,
            2,
        ),
        load_before=round(load_before, 2),
        started=started,
    )


def predraw(server, page):
    """Each request of the page once, one at a time (Page.predrawn says why)."""
    for request in page.requests:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        try:
            connection.request(request["method"], request["path"], headers=request["headers"])
            connection.getresponse().read()
        finally:
            connection.close()


def warm_up(server, spec, config):
    """Requests until every worker has served this page a few times (first requests
    import modules, compile templates, load the coach's model); nothing here counts."""
    wanted = 3 * WORKERS
    total = None
    for _ in range(6):
        phase = run_wrk(server, spec, config.warmup, config.concurrency, 0)
        if total is None:
            total = phase
        else:
            total.requests += phase.requests
            total.errors += phase.errors
            for key, count in phase.error_detail.items():
                total.error_detail[key] = total.error_detail.get(key, 0) + count
        if total.requests >= wanted:
            break
    total.unfinished = total.requests == 0
    return total


def attribute_server_errors(errors_path, log_path, phases):
    """Add the server's own errors that wrk did not see (5xx answers to requests it had
    stopped waiting for, killed workers) to the phases they belong to: the latest phase,
    begun before the error, that requested that path."""
    logged = {}  # (id of the phase, status) -> count
    for line in errors_path.read_text().splitlines():
        with contextlib.suppress(ValueError):
            stamp, status, _method, path = line.split(" ", 3)
            stamp = float(stamp)
            candidates = [p for p in phases if p[0].started <= stamp and path in p[1]]
            candidates = candidates or [p for p in phases if p[0].started <= stamp] or phases
            phase = max(candidates, key=lambda p: p[0].started)[0]
            logged[id(phase), status] = logged.get((id(phase), status), 0) + 1
    for phase, _paths in phases:
        for (owner, status), count in logged.items():
            if owner != id(phase):
                continue
            unseen = count - phase.error_detail.get(f"status {status}", 0)
            if unseen > 0:
                phase.errors += unseen
                phase.error_detail[f"server {status}, not seen by wrk"] = unseen
    timeouts = log_path.read_text(errors="replace").count("WORKER TIMEOUT")
    if timeouts and phases:
        last = phases[-1][0]
        last.errors += timeouts
        last.error_detail["worker timeouts (whole run)"] = timeouts


def measure_dataset(config, db, days, log_dir):
    """Load (or reuse) one data set, serve it, and measure every page. {page: result}."""
    say(f"\n== {db}: {config.couples} couples x {days} days")
    env = prepare_sqlite(config, days) if db == "sqlite" else prepare_postgres(config, days)
    prod = production_env(env)
    if db == "postgres":
        redis_client(config).flushdb()
    manage(prod, "clearsessions")
    spread = min(config.couples, 50)
    couples = sorted({round(i * config.couples / spread) for i in range(spread)})
    emails = [person_email(c, side) for c in couples for side in "ab"]
    emails += [THERAPIST] * config.concurrency  # one session per virtual user
    log_path = log_dir / f"gunicorn-{db}-{days}.log"
    errors_path = log_dir / f"server-errors-{db}-{days}.log"
    measured = {}  # page name -> {"warmup"|"latency"|"saturation": Phase}
    notes = {}
    phases = []  # (Phase, paths it requested)
    db_pids = None
    if db == "postgres":
        database = pg_name(config, days)

        def db_pids():
            """The PostgreSQL backends connected to this data set (the workers')."""
            with contextlib.suppress(Exception), pg_connect(config) as conn:
                query = "SELECT pid FROM pg_stat_activity WHERE datname = %s"
                return [row[0] for row in conn.execute(query, [database])]
            return []

    with (
        Server(env, log_path, errors_path, db_pids) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        emails_file = Path(tmp) / "emails.txt"
        emails_file.write_text("\n".join(emails) + "\n")
        found = json.loads(manage(prod, "bench_sessions", "--emails-file", str(emails_file),
                                  capture=True))  # fmt: skip
        therapist = next(s for s in found["sessions"] if s["role"] == "therapist")
        say(f"  server: gunicorn on :{server.port}; {len(found['sessions'])} sessions; "
            f"therapist with {therapist['clients']} clients")  # fmt: skip
        pages = build_pages(found, server)
        for name in config.pages:
            page = pages[name]
            if not page.requests:
                say(f"  {name:<13} skipped: no data for it")
                notes[name] = {"skipped": "no data", "people": 0}
                continue
            spec = write_spec(page, tmp)
            paths = {r["path"] for r in page.requests}
            if page.predrawn:
                predraw(server, page)
            runs = {
                "warmup": warm_up(server, spec, config),
                "latency": run_wrk(
                    server, spec, config.seconds, config.concurrency, config.think_ms
                ),
            }
            saturations = [
                run_wrk(server, spec, config.seconds, config.concurrency, 0)
                for _ in range(config.repeats)
            ]
            runs["saturation"] = median_phase(saturations)
            others = [phase for phase in saturations if phase is not runs["saturation"]]
            for number, phase in enumerate(others, start=1):
                runs[f"saturation_repeat_{number}"] = phase
            phases += [(phase, paths) for phase in runs.values()]
            measured[name] = runs
            notes[name] = {
                "people": page.people,
                "note": page.note,
                "saturation_rps_runs": [round(phase.rps, 1) for phase in saturations],
            }
            latency, saturation = runs["latency"], runs["saturation"]
            say(
                f"  {name:<13} latency p50/p95/p99 {latency.p50_ms:6.1f}/{latency.p95_ms:6.1f}/"
                f"{latency.p99_ms:6.1f} ms {latency.rps:6.1f}/s | saturation "
                f"{saturation.rps:7.1f}/s p95 {saturation.p95_ms:6.1f} ms"
                f" | errors {sum(r.errors for r in runs.values())}"
                f" | cores: app {saturation.app_cpu:.2f} db {saturation.db_cpu:.2f}"
                f" wrk {saturation.generator_cpu:.2f} other {saturation.other_cpu:.2f}"
            )
    attribute_server_errors(errors_path, log_path, phases)  # the server has stopped
    results = {}
    for name, info in notes.items():
        results[name] = dict(info)
        for phase_name, phase in measured.get(name, {}).items():
            record = asdict(phase)
            record.pop("started")
            results[name][phase_name] = record
    return results


# --- Judging and reporting ---------------------------------------------------------------


def _is_phase(key):
    return key in ("warmup", "latency", "saturation") or key.startswith("saturation_repeat_")


def judge(run, days, config):
    """PASS/MISS for each target on the larger data set, and the history ratios."""
    large = run["datasets"][str(days[-1])]
    bare = large.get("bare", {}).get("saturation", {}).get("rps")
    verdicts = {"pages": {}, "history": {}}
    for name in JUDGED:
        found = large.get(name)
        if not found or "latency" not in found:
            continue
        lat, sat = found["latency"], found["saturation"]
        errors = sum(phase["errors"] for key, phase in found.items() if _is_phase(key))
        verdicts["pages"][name] = {
            "p95": not lat["unfinished"] and lat["p95_ms"] <= P95_MS,
            "p99": not lat["unfinished"] and lat["p99_ms"] <= P99_MS,
            "errors": errors == 0,
            "vs_bare": round(sat["rps"] / bare, 3) if bare else None,
        }
    together = verdicts["pages"].get("together", {}).get("vs_bare")
    verdicts["couple_view_share"] = None if together is None else together >= COUPLE_VIEW_SHARE
    if len(days) == 2:
        small = run["datasets"][str(days[0])]
        for name in PAGE_NAMES:
            a, b = small.get(name, {}), large.get(name, {})
            if "latency" not in a or "latency" not in b:
                continue
            if a["saturation"]["unfinished"] or b["saturation"]["unfinished"]:
                verdicts["history"][name] = {"time_ratio": None, "ok": None}
                continue
            # Time per request at saturation: the server's cost for one request of the
            # page, averaged over every request of the phase (the steadiest figure).
            time_ratio = a["saturation"]["rps"] / b["saturation"]["rps"]
            verdicts["history"][name] = {
                "time_ratio": round(time_ratio, 2),
                "p50_ratio": round(b["latency"]["p50_ms"] / max(a["latency"]["p50_ms"], 0.1), 2),
                "p95_ratio": round(b["latency"]["p95_ms"] / max(a["latency"]["p95_ms"], 0.1), 2),
                "ok": time_ratio <= HISTORY_SLOWDOWN,
            }
    return verdicts


def mark(ok):
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def cells(phase, seconds):
    """req/s, p50, p95, p99, errors of one phase, as table cells."""
    if phase["unfinished"]:
        late = f"> {seconds:g} s"
        return ["0", late, late, late, str(phase["errors"])]
    return [
        f"{phase['rps']:.1f}",
        f"{phase['p50_ms']:.1f}",
        f"{phase['p95_ms']:.1f}",
        f"{phase['p99_ms']:.1f}",
        str(phase["errors"]),
    ]


def table(run, config):
    days = run["days"]
    large = run["datasets"][str(days[-1])]
    verdicts = run["verdicts"]
    bare_rps = large.get("bare", {}).get("saturation", {}).get("rps")
    think = f"{config.think_ms // 2}-{config.think_ms * 3 // 2} ms"
    out = [
        f"### {run['db']}: {config.couples} couples x {days[-1]} days",
        "",
        f"Latency phase (lat): {config.concurrency} users, each thinking {think} between "
        f"answer and next request. Saturation phase (sat): the same users, no think time. "
        f"{config.seconds:g} s each; latencies in ms; 'vs bare' is the saturation "
        "throughput over the bare page's.",
        "",
        "| page | people | lat req/s | p50 | p95 | p99 | errors | sat req/s | p50 | p95 "
        "| p99 | errors | vs bare | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name in PAGE_NAMES:
        found = large.get(name)
        if found is None:
            continue
        if "latency" not in found:
            out.append(f"| {name} | 0 | skipped: {found.get('skipped')} |||||||||||||")
            continue
        lat, sat = found["latency"], found["saturation"]
        share = f"{sat['rps'] / bare_rps:.2f}" if bare_rps else "-"
        if name.startswith("bare"):
            target = "-"
        else:
            v = verdicts["pages"][name]
            target = "PASS" if v["p95"] and v["p99"] and v["errors"] else "MISS"
            if not v["p95"] or not v["p99"]:
                target += " (latency)"
            if not v["errors"]:
                target += " (errors)"
        row = [name, str(found["people"])] + cells(lat, config.seconds)
        row += cells(sat, config.seconds) + [share, target]
        out.append("| " + " | ".join(row) + " |")
    pages_ok = [v["p95"] and v["p99"] and v["errors"] for v in verdicts["pages"].values()]
    share = verdicts["pages"].get("together", {}).get("vs_bare")
    out += [
        "",
        f"- Every page p95 <= {P95_MS:g} ms, p99 <= {P99_MS:g} ms (latency phase), no errors: "
        + mark(all(pages_ok) if pages_ok else None),
        f"- Couple view throughput >= {COUPLE_VIEW_SHARE:.0%} of the bare page's: "
        + mark(verdicts["couple_view_share"])
        + (f" ({share:.1%})" if share is not None else ""),
    ]
    if verdicts["history"]:
        small = run["datasets"][str(days[0])]
        out += [
            "",
            f"History, {days[0]} vs {days[-1]} days (10x), the same couples. 'time' is the "
            "time per request at saturation (the inverse of its throughput), judged against "
            f"{HISTORY_SLOWDOWN}x; the latency-phase ratios are shown for information.",
            "",
            f"| page | sat req/s {days[0]}d | sat req/s {days[-1]}d | time ratio "
            f"| p50 {days[0]}d | p50 {days[-1]}d | p50 ratio | p95 ratio | target |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for name, v in verdicts["history"].items():
            a, b = small[name], large[name]
            if v["time_ratio"] is None:
                out.append(f"| {name} | no answer in a phase |||||||n/a |")
                continue
            out.append(
                f"| {name} | {a['saturation']['rps']:.1f} | {b['saturation']['rps']:.1f} "
                f"| {v['time_ratio']:.2f} | {a['latency']['p50_ms']:.1f} "
                f"| {b['latency']['p50_ms']:.1f} | {v['p50_ratio']:.2f} | {v['p95_ratio']:.2f} "
                f"| {'-' if name.startswith('bare') else mark(v['ok'])} |"
            )
        judged = [v["ok"] for n, v in verdicts["history"].items() if not n.startswith("bare")]
        verdict = None if None in judged else all(judged)
        out += ["", f"- 10x history at most {HISTORY_SLOWDOWN}x slower: " + mark(verdict)]
    measured = [
        r[phase]
        for pages in run["datasets"].values()
        for r in pages.values()
        if "latency" in r
        for phase in ("latency", "saturation")
    ]
    if measured:
        other = sum(p["other_cpu"] for p in measured) / len(measured)
        app = max(p["app_cpu"] for p in measured)
        dbs = max(p["db_cpu"] for p in measured)
        wrk = max(p["generator_cpu"] for p in measured)
        out += [
            "",
            f"- CPU at most, in cores of {CORES}: gunicorn {app:.2f}, "
            + (f"PostgreSQL {dbs:.2f}, " if run["db"] == "postgres" else "")
            + f"wrk {wrk:.2f}; everything else on the machine {other:.2f} on average"
            + (
                ": other programs were busy, so these figures are pessimistic."
                if other > 0.25
                else "."
            ),
        ]
    errors = {
        f"{d}d {name} {phase}": r[phase]["error_detail"]
        for d, pages in run["datasets"].items()
        for name, r in pages.items()
        if "latency" in r
        for phase in r
        if _is_phase(phase) and r[phase]["errors"]
    }
    if errors:
        out += ["", "Errors:", ""] + [f"- {k}: {v}" for k, v in errors.items()]
    notes = {n: r["note"] for n, r in large.items() if r.get("note")}
    if notes:
        out += [""] + [f"- {n}: {note}" for n, note in notes.items()]
    return "\n".join(out) + "\n"


def versions():
    found = {"python": sys.version.split()[0]}
    with contextlib.suppress(Exception):
        import django
        import gunicorn

        found.update(django=django.get_version(), gunicorn=gunicorn.__version__)
    with contextlib.suppress(Exception):
        import sqlite3

        found["sqlite"] = sqlite3.sqlite_version
    with contextlib.suppress(Exception):
        wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)  # noqa: S603, S607
        found["wrk"] = (wrk.stdout or wrk.stderr).split()[1]
    return found


def commit():
    """The checked-out commit, read from .git (no git command)."""
    with contextlib.suppress(OSError):
        head = (ROOT / ".git" / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:12]
        ref = head.removeprefix("ref: ")
        path = ROOT / ".git" / ref
        if path.exists():
            return path.read_text().strip()[:12]
        for line in (ROOT / ".git" / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0][:12]
    return None


def meta(config):
    if config.seconds < 10 or config.couples < 1000 or config.days < 365:
        scale = "smaller than the issue's (1,000 couples x 365 days, 10 s phases)"
    else:
        scale = "the issue's"
    return {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "cores": CORES,
        "workers": WORKERS,
        "max_requests": int(os.environ.get("BENCH_MAX_REQUESTS") or 0),
        "scale": scale,
        "config": asdict(config),
        "versions": versions(),
    }


def main():
    config = Config.from_env()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: `make bench` installs it (apt-get install wrk)")
    if not Path(GUNICORN).exists():
        raise SystemExit(f"{GUNICORN} is missing: `make bench` installs it (pip install -e .)")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    suffix = "-quick" if config.quick else ""
    RESULTS.mkdir(parents=True, exist_ok=True)
    DATA.mkdir(parents=True, exist_ok=True)
    say(f"Load benchmark: {config.couples} couples, days {config.day_counts}, "
        f"{config.seconds:g} s phases, databases {', '.join(config.dbs)}")  # fmt: skip
    env = production_env(base_env("sqlite", config, config.days))
    manage(env, "collectstatic", "--noinput", "-v", "0")  # production serves the manifest
    if "postgres" in config.dbs:
        ensure_postgres(config)
        ensure_redis(config)
    runs, failed = [], False
    for db in config.dbs:
        run = {"db": db, "days": config.day_counts, "datasets": {}, "meta": meta(config)}
        for days in config.day_counts:
            run["datasets"][str(days)] = measure_dataset(config, db, days, DATA)
        run["verdicts"] = judge(run, config.day_counts, config)
        text = table(run, config)
        base = RESULTS / f"{stamp}-{db}{suffix}"
        base.with_suffix(".json").write_text(json.dumps(run, indent=1) + "\n")
        base.with_suffix(".md").write_text(text)
        say("\n" + text)
        runs.append((run, text))
        failed |= any(
            r[phase]["errors"]
            for pages in run["datasets"].values()
            for r in pages.values()
            if "latency" in r
            for phase in r
            if _is_phase(phase)
        )
    first = runs[0][0]["meta"]
    header = [
        "# Load benchmark: latest run",
        "",
        f"{first['when']}, commit {first['commit']}, {first['cores']} cores, gunicorn "
        f"{first['workers']} sync workers"
        + (f" recycled every {first['max_requests']} requests" if first["max_requests"] else "")
        + f", scale: {first['scale']}. Made by `make bench` "
        "(bench/serve_load.py); bench/README.md says what each figure means.",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in first["versions"].items()),
        "",
    ]
    (RESULTS / f"latest{suffix}.md").write_text(
        "\n".join(header) + "\n".join(text for _, text in runs)
    )
    say(f"Written: bench/results/{stamp}-*{suffix}.json/.md and bench/results/latest{suffix}.md")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, OSError) as error:
        sys.stderr.write(f"bench: {error}\n")
        sys.exit(1)

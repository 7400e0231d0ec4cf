"""Fault test: journal entries written under load while app workers are killed with SIGKILL
and PostgreSQL is restarted, then every write the clients saw acknowledged is looked for.

    .venv/bin/python bench/faults.py        (make faults runs it; about a minute)

What runs (shared/research/security.md §5.7, scaled to this machine):

1. A fresh PostgreSQL database `steadfast_faults`, migrated, with 25 couples from
   `seed_load`; gunicorn with production settings (the benchmark's configuration, 4 sync
   workers) and Redis for the cache and sessions; 16 people logged in (`bench_sessions`).
2. 16 client threads each write journal entries (POST /notes/new/), each with its own
   idempotency key (the form's submission key) and a title that names it. A write counts
   as acknowledged only when the answer is the redirect to the saved entry. On any other
   outcome (connection reset by a killed worker, a 5xx while the database is away, a
   timeout) the client sends the very same form again, with backoff, as a browser's retry
   would; a key is given up only after 60 s of failures.
3. Meanwhile: a random worker is killed with SIGKILL every 2 to 4 s (gunicorn starts a new
   one), PostgreSQL is restarted once in "fast" mode and once stopped in "immediate" mode
   (a crash: no checkpoint) and started again.
4. Afterwards, through the app's own models: every acknowledged key exists exactly once,
   with the title and body that were sent (a torn or mixed-up write would not decrypt or
   would not match); keys that were sent but never acknowledged exist at most once and
   whole; and after each restart, the time from PostgreSQL accepting connections again to
   the app answering a logged-in page is measured (target: 5 s).

It prints the counts and writes them to bench/results/faults-latest.json. Exit 1 when a
write was lost or duplicated, a row is torn, or recovery took longer than 5 s.
Restarting PostgreSQL disturbs anything else using it: run it on a quiet machine.
"""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import serve_load as bench  # noqa: E402  (the benchmark's server and data helpers)

ROOT = bench.ROOT
DB_NAME = "steadfast_faults"
CLIENTS = 16
COUPLES = 25  # seed_load gives therapist 0 the first 25 couples
RUN_SECONDS = float(os.environ.get("FAULTS_SECONDS", "40"))
RECOVERY_TARGET = 5.0
GIVE_UP_SECONDS = 60.0
RESULT = bench.RESULTS / "faults-latest.json"


def say(text=""):
    print(text, flush=True)


def pg_cluster():
    version = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(x) for x in v.split(".")])
    return version[-1]


def pg_ctl(*args):
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", pg_cluster(), "main", *args]
    subprocess.run(command, check=False, capture_output=True, timeout=120)  # noqa: S603


def pg_ready():
    done = subprocess.run(  # noqa: S603
        [shutil.which("pg_isready") or "pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"],
        check=False,
    )
    return done.returncode == 0


class Writer(threading.Thread):
    """One person writing entries as fast as the server answers, retrying each one until
    it is acknowledged."""

    def __init__(self, server, person, cookies, stop):
        super().__init__(daemon=True)
        self.server = server
        self.person = person
        self.cookies = cookies
        self.stop = stop
        self.acknowledged = {}  # key -> (title, body)
        self.sent = {}
        self.given_up = []
        self.retries = 0
        self.failures = {}

    def post(self, form):
        data = urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(  # noqa: S310  (http://127.0.0.1 only)
            self.server.base + "/notes/new/",
            data=data,
            headers={
                "X-Forwarded-Proto": "https",
                "Cookie": self.cookies,
                "Origin": f"https://127.0.0.1:{self.server.port}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")
        except OSError as error:
            return type(error).__name__, ""

    def run(self):
        while not self.stop.is_set():
            key = str(uuid.uuid4())
            title = f"fault {key[:8]}"
            body = f"Written under fire, key {key}."
            form = {
                "csrfmiddlewaretoken": self.person["csrf_token"],
                "submission_key": key,
                "title": title,
                "body": body,
                "root": "",
                "prompt": "",
            }
            self.sent[key] = (title, body)
            first = time.monotonic()
            delay = 0.05
            while True:
                status, location = self.post(form)
                if status == 302 and location.startswith("/notes/") and location != "/notes/new/":
                    self.acknowledged[key] = (title, body)
                    break
                self.failures[str(status)] = self.failures.get(str(status), 0) + 1
                if time.monotonic() - first > GIVE_UP_SECONDS:
                    self.given_up.append(key)
                    break
                self.retries += 1
                time.sleep(delay)
                delay = min(delay * 2, 1.0)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def logged_in_ok(server, cookies):
    request = urllib.request.Request(  # noqa: S310
        server.base + "/home/", headers={"X-Forwarded-Proto": "https", "Cookie": cookies}
    )
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=5) as response:
            return response.status == 200
    except (urllib.error.HTTPError, OSError):
        return False


def recovery_seconds(server, cookies, limit=60.0):
    """Seconds from PostgreSQL accepting connections to the app answering a page."""
    while not pg_ready():
        time.sleep(0.05)
    back = time.monotonic()
    while time.monotonic() - back < limit:
        if logged_in_ok(server, cookies):
            return round(time.monotonic() - back, 2)
        time.sleep(0.05)
    return None


def worker_pids(master):
    """gunicorn's workers: the processes whose parent is the master."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def chaos(server, stop, cookies, events):
    """Kill a worker every 2-4 s; restart PostgreSQL at a third and two thirds of the run."""
    rng = random.Random(7)  # noqa: S311  (chaos, not security)
    started = time.monotonic()
    restarts = [("fast", RUN_SECONDS / 3), ("immediate", 2 * RUN_SECONDS / 3)]
    while not stop.is_set():
        time.sleep(rng.uniform(2, 4))
        workers = worker_pids(server.process.pid)
        if workers:
            victim = rng.choice(workers)
            try:
                os.kill(victim, signal.SIGKILL)
                events["workers_killed"] += 1
            except ProcessLookupError:
                pass
        if restarts and time.monotonic() - started >= restarts[0][1]:
            mode, _ = restarts.pop(0)
            if mode == "fast":
                pg_ctl("restart", "-m", "fast")
            else:
                pg_ctl("stop", "-m", "immediate")
                time.sleep(1)
                pg_ctl("start")
            events["pg_restarts"].append(
                {"mode": mode, "recovery_s": recovery_seconds(server, cookies)}
            )


CHECK = """
import json, sys
from steadfast.journal.models import Entry
sent = json.load(open(sys.argv[1]))
found = {}
torn = []
for entry in Entry.objects.filter(submission_key__in=list(sent)):
    key = str(entry.submission_key)
    found[key] = found.get(key, 0) + 1
    title, body = sent[key]
    try:
        whole = entry.title == title and entry.body == body
    except Exception:
        whole = False
    if not whole:
        torn.append(key)
print(json.dumps({"found": found, "torn": torn}))
"""


def verify(env, sent):
    path = bench.DATA / "faults-sent.json"
    path.write_text(json.dumps(sent))
    script = bench.DATA / "faults_check.py"
    script.write_text(CHECK)
    done = subprocess.run(  # noqa: S603
        [bench.PYTHON, "-c", f"import sys; sys.argv=['x', {str(path)!r}]; "
         "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); "
         f"django.setup(); exec(open({str(script)!r}).read())"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    bench.DATA.mkdir(parents=True, exist_ok=True)
    bench.RESULTS.mkdir(parents=True, exist_ok=True)
    if not pg_ready():
        pg_ctl("start")
        bench.wait_until(pg_ready, 30, "PostgreSQL")
    admin = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q", "-c"]
    subprocess.run([*admin, f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'], check=True)  # noqa: S603
    subprocess.run([*admin, f'CREATE DATABASE "{DB_NAME}"'], check=True)  # noqa: S603
    redis_url = os.environ.get("FAULTS_REDIS_URL", "redis://127.0.0.1:6379/12")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("STEADFAST_", "DATABASE_URL", "REDIS_URL", "SQLITE_PATH"))
    }
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        REDIS_URL=redis_url,
        SECRET_KEY=bench.BENCH_SECRET_KEY,
        STEADFAST_MASTER_KEYS=bench.BENCH_MASTER_KEYS,
        DEBUG="0",
    )
    subprocess.run(  # noqa: S603
        [shutil.which("redis-cli") or "/usr/bin/redis-cli", "-u", redis_url, "flushdb"],
        check=False,
        capture_output=True,
    )
    say(f"== faults: database {DB_NAME}, {COUPLES} couples, {CLIENTS} writers, {RUN_SECONDS:.0f} s")
    bench.manage(env, "migrate", "--noinput")
    bench.manage(env, "seed_load", "--couples", str(COUPLES), "--days", "3", "--seed", "5")
    prod = bench.production_env(env)
    bench.manage(prod, "collectstatic", "--noinput")
    emails = [bench.person_email(i // 2, "ab"[i % 2]) for i in range(CLIENTS)]
    found = json.loads(bench.manage(prod, "bench_sessions", *emails, capture=True))
    people = found["sessions"]

    log = bench.DATA / "gunicorn-faults.log"
    errors = bench.DATA / "gunicorn-faults.errors"
    events = {"workers_killed": 0, "pg_restarts": []}
    with bench.Server(env, log, errors) as server:
        cookies = [bench.cookie(found, p) for p in people]
        stop = threading.Event()
        writers = [Writer(server, p, c, stop) for p, c in zip(people, cookies, strict=True)]
        for writer in writers:
            writer.start()
        monkey = threading.Thread(target=chaos, args=(server, stop, cookies[0], events))
        monkey.start()
        time.sleep(RUN_SECONDS)
        stop.set()
        monkey.join()
        for writer in writers:
            writer.join(GIVE_UP_SECONDS + 15)
        final_ok = logged_in_ok(server, cookies[0])

    acknowledged = {k: v for w in writers for k, v in w.acknowledged.items()}
    sent = {k: v for w in writers for k, v in w.sent.items()}
    outcome = verify(env, sent)
    counts = outcome["found"]
    lost = [k for k in acknowledged if counts.get(k, 0) == 0]
    duplicated = [k for k, n in counts.items() if n > 1]
    unacknowledged_saved = [k for k in sent if k not in acknowledged and counts.get(k)]
    failures = {}
    for writer in writers:
        for status, n in writer.failures.items():
            failures[status] = failures.get(status, 0) + n
    recoveries = [r["recovery_s"] for r in events["pg_restarts"]]
    report = {
        "acknowledged_writes": len(acknowledged),
        "sent_keys": len(sent),
        "lost": len(lost),
        "duplicated": len(duplicated),
        "torn": len(outcome["torn"]),
        "saved_but_unacknowledged": len(unacknowledged_saved),
        "given_up": sum(len(w.given_up) for w in writers),
        "retries": sum(w.retries for w in writers),
        "failed_attempts_by_outcome": failures,
        "workers_killed": events["workers_killed"],
        "pg_restarts": events["pg_restarts"],
        "serving_at_the_end": final_ok,
        "seconds": RUN_SECONDS,
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cores": os.cpu_count(),
    }
    RESULT.write_text(json.dumps(report, indent=1) + "\n")
    say(json.dumps(report, indent=1))
    problems = []
    if lost or duplicated or outcome["torn"]:
        problems.append("a write was lost, duplicated or torn")
    if any(r is None or r > RECOVERY_TARGET for r in recoveries) or not recoveries:
        problems.append(f"recovery after a restart took over {RECOVERY_TARGET} s (or none ran)")
    if not final_ok:
        problems.append("the app was not serving at the end")
    subprocess.run([*admin, f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'], check=False)  # noqa: S603
    if problems:
        say("FAULTS: FAIL - " + "; ".join(problems))
        return 1
    say(f"FAULTS: PASS - {len(acknowledged)} acknowledged writes, none lost or doubled")
    return 0


if __name__ == "__main__":
    sys.exit(main())

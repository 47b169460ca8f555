"""Load figures of the whole portal (issue 20, item 5): ``make bench-load``.

For each stack (``--stacks prod,demo``): start it (``make prod`` /
``make demo`` in a process group of its own) or use one already running
(``--url``), wait until ``GET /`` answers 200 and the stack is idle, note
the memory (RSS) of each of its processes, run the Locust scenario
``benchmarks/locustfile.py`` (``--citizens`` anonymous visitors and
``--staff`` OPD desks of operator, verifikator and walidata) for
``--duration`` seconds while sampling the memory every few seconds, note
the memory again, look for errors in the stack's logs, and stop what it
started (SIGINT to the group, as Ctrl-C). Then it prints one table per
stack (requests, req/s, p50/p95/p99 and failures per route), the stacks
side by side (p95 and their ratio: on a machine shared with other work the
ratio is the figure that counts), the memory of each process (at boot,
after the warm-up, at the end, the peak, growth from the warm-up to the
end) and the targets:

* no error (no failed request, no error line in the stack's logs);
* prod, through nginx: every anonymous route p95 <= 300 ms, every
  logged-in (uncached) route p95 <= 1.5 s;
* no process grows by more than 10 % (warm-up to end).

A missed target is printed as ``TARGET MISSED``; the exit code is 0 either
way (a measurement, not a test). The figures go to
``benchmarks/results/load-<date>.json`` (``-quick`` added when the run is
shorter or smaller than the defaults), the logs to ``.local/load/``.

Locust runs from its own virtualenv, ``.local/venv-load``, created from
``benchmarks/load-requirements.txt`` when missing or out of date, so it
cannot change the portal's pinned packages.

Run: ``make bench-load`` (both stacks, 3 minutes each), or e.g.
``.venv/bin/python benchmarks/load.py --stacks demo --duration 20
--citizens 5 --staff 1`` for a quick try, or ``--stacks demo --url
http://127.0.0.1:5000`` against a portal already running.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS_DIR = HERE / "results"
LOG_DIR = ROOT / ".local" / "load"
VENV = ROOT / ".local" / "venv-load"
REQUIREMENTS = HERE / "load-requirements.txt"
LOCUSTFILE = HERE / "locustfile.py"

DEFAULTS = {"duration": 180, "citizens": 50, "staff": 5}
ANONYMOUS_P95_MS = 300.0
LOGGED_IN_P95_MS = 1500.0
GROWTH_LIMIT = 0.10
SAMPLE_EVERY_S = 5.0
#: Anonymous routes of the locustfile (everything else is logged in).
ANONYMOUS_ROUTES = ("Beranda", "Cari Data", "dataset page", "download CSV",
                    "download Excel", "download JSON", "download file",
                    "API package_search")
#: Log lines that are errors: Python/CKAN levels, tracebacks, nginx's
#: levels, a 5xx status in an access log line or in CKAN's render-time line.
ERROR_LINE = re.compile(
    r"\b(ERROR|CRITICAL|Traceback)\b|\[(error|crit|alert|emerg)\]"
    r'|" 5\d\d |flask_app\]\s+5\d\d /'
)


# ---- the load virtualenv ------------------------------------------------------

def ensure_venv() -> Path:
    """``.local/venv-load`` with exactly ``load-requirements.txt``."""
    locust = VENV / "bin" / "locust"
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    stamp = VENV / ".requirements-sha256"
    if locust.exists() and stamp.exists() and stamp.read_text() == digest:
        return locust
    print(f"Installing Locust into {VENV.relative_to(ROOT)} ...", flush=True)
    if not (VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-r", str(REQUIREMENTS)], check=True)
    stamp.write_text(digest)
    return locust


# ---- stacks ---------------------------------------------------------------------

class StackError(RuntimeError):
    """A stack that could not be measured (the others still are)."""


@dataclass
class Stack:
    name: str
    target: str
    url: str
    make_vars: dict[str, str]
    ports: list[int]
    given_url: bool = False
    process: subprocess.Popen[bytes] | None = None
    session: int | None = None  # the session this script started (to stop)
    watched: int | None = None  # the session whose processes are measured
    log: Path | None = None
    figures: dict[str, Any] = field(default_factory=dict)


def stacks_from(args: argparse.Namespace) -> list[Stack]:
    names = [s.strip() for s in args.stacks.split(",") if s.strip()]
    urls = parse_urls(args.url, names)
    made = {
        "prod": Stack(
            "prod", "prod", f"http://{args.prod_host}:{args.prod_port}",
            {"PROD_HOST": args.prod_host, "PROD_PORT": str(args.prod_port),
             "PROD_APP_PORT": str(args.prod_app_port),
             "PROD_MAIL_PORT": str(args.prod_mail_port)},
            [args.prod_port, args.prod_app_port, args.prod_mail_port],
        ),
        "demo": Stack(
            "demo", "demo", f"http://{args.demo_host}:{args.demo_port}",
            {"HOST": args.demo_host, "PORT": str(args.demo_port),
             "MAIL_PORT": str(args.demo_mail_port)},
            [args.demo_port, args.demo_mail_port],
        ),
    }
    stacks = []
    for name in names:
        if name not in made:
            raise SystemExit(f"unknown stack {name!r}: choose from prod, demo")
        stack = made[name]
        for item in getattr(args, f"{name}_var") or []:
            key, _, value = item.partition("=")
            stack.make_vars[key] = value
        if name in urls:
            stack.url, stack.given_url = urls[name].rstrip("/"), True
        stacks.append(stack)
    return stacks


def parse_urls(value: str | None, names: list[str]) -> dict[str, str]:
    """``--url URL`` (one stack) or ``--url prod=URL,demo=URL``."""
    if not value:
        return {}
    if "=" not in value:
        if len(names) != 1:
            raise SystemExit("--url URL needs a single stack; else --url prod=URL,...")
        return {names[0]: value}
    return dict(item.split("=", 1) for item in value.split(","))


def port_busy(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


def answers(url: str) -> int | None:
    # a long timeout: the first pages of fresh gunicorn workers on a busy
    # machine take tens of seconds, and a retry would only queue another
    try:
        with urllib.request.urlopen(url + "/", timeout=120) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def start(stack: Stack, stamp: str, timeout: float) -> None:
    busy = [p for p in stack.ports if port_busy(p)]
    if busy:
        raise StackError(
            f"{stack.name}: port(s) {busy} already in use. Stop what listens there, "
            f"measure the running portal (--url {stack.name}={stack.url}), or start "
            f"another one on other ports (--{stack.name}-port ...) with its own "
            f"folder and databases (--{stack.name}-var, see docs/load.md)"
        )
    if stack.name == "prod" and not re.search(r"^prod:", (ROOT / "Makefile")
                                               .read_text(), re.MULTILINE):
        raise StackError("prod: the Makefile has no `prod` target yet")
    stack.log = LOG_DIR / f"{stamp}-{stack.name}.log"
    command = ["make", stack.target, *(f"{k}={v}" for k, v in stack.make_vars.items())]
    print(f"[{stack.name}] {' '.join(command)}  (log: {rel(stack.log)})", flush=True)
    with stack.log.open("wb") as log:
        stack.process = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
            # Ctrl-C stops the stack even when this script was started in
            # the background (where SIGINT is ignored, and inherited so)
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    stack.session = stack.process.pid
    began = time.monotonic()
    while answers(stack.url) != 200:
        if stack.process.poll() is not None:
            stop(stack)  # what it left behind, if anything
            tail = stack.log.read_text(errors="replace").splitlines()[-15:]
            raise StackError(f"{stack.name}: `make {stack.target}` stopped "
                             f"(exit {stack.process.returncode}):\n" + "\n".join(tail))
        if time.monotonic() - began > timeout:
            stop(stack)
            raise StackError(f"{stack.name}: not ready after {timeout:.0f} s")
        time.sleep(2)
    print(f"[{stack.name}] ready after {time.monotonic() - began:.0f} s at {stack.url}",
          flush=True)


def stop(stack: Stack) -> None:
    """SIGINT to the group (Ctrl-C), then TERM, then KILL what is left of
    the session this script started."""
    if stack.process is None or stack.session is None:
        return
    for sig, wait in ((signal.SIGINT, 60.0), (signal.SIGTERM, 15.0),
                      (signal.SIGKILL, 5.0)):
        try:
            os.killpg(stack.session, sig)
        except ProcessLookupError:
            pass
        began = time.monotonic()
        while time.monotonic() - began < wait and (
                stack.process.poll() is None or session_processes(stack.session)):
            time.sleep(0.5)
        left = session_processes(stack.session)
        if stack.process.poll() is not None and not left:
            break
        for process in left:  # a child that left the group (e.g. an RQ work-horse)
            try:
                process.send_signal(sig)
            except psutil.Error:
                pass
    print(f"[{stack.name}] stopped", flush=True)


def session_processes(session: int) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter():
        try:
            if os.getsid(process.pid) == session:
                found.append(process)
        except (ProcessLookupError, PermissionError, psutil.Error):
            continue
    return found


def listener_session(url: str) -> int | None:
    """The session of the process listening on ``url``'s port."""
    port = urllib.parse.urlsplit(url).port or 80
    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr.port == port and conn.pid:
            try:
                return os.getsid(conn.pid)
            except ProcessLookupError:
                return None
    return None


# ---- processes and memory -----------------------------------------------------

def role_of(process: psutil.Process) -> str | None:
    """What a process of the stack is; ``None`` for shells and make."""
    try:
        text = " ".join(process.cmdline())
        name = process.name()
        parent = process.parent()
        parent_text = " ".join(parent.cmdline()) if parent else ""
        same_group = parent is not None and os.getpgid(parent.pid) == os.getpgid(
            process.pid)
    except (psutil.Error, ProcessLookupError):
        return None
    if text.startswith("nginx") or name == "nginx":
        kind = re.search(r"nginx: (\w+(?: \w+)?) process", text)
        return f"nginx {kind.group(1) if kind else 'master'}"
    if "supervisord" in text:
        return "supervisord"
    if "gunicorn" in text:
        return "gunicorn worker" if "gunicorn" in parent_text else "gunicorn master"
    if "mailsink" in text:
        return "mail sink"
    worker = re.compile(r"jobs worker|operations worker")
    if worker.search(text):
        if not worker.search(parent_text):
            return "rq worker"
        return "rq scheduler (fork)" if same_group else "rq work-horse"
    if "schedul" in text:
        return "scheduler"
    if "ckan" in text and " run " in f" {text} ":
        return "dev server (ckan run)"
    if name in ("make", "bash", "sh", "dash", "sleep", "timeout") or "locust" in text:
        return None
    if "python" in name or "ckan" in text:
        return f"other: {' '.join(process.cmdline()[1:3])[:40]}"
    return None


def stack_processes(stack: Stack) -> dict[int, str]:
    """pid -> role of every process of the stack."""
    if stack.watched is None:
        return {}
    found = {}
    for process in session_processes(stack.watched):
        if process.pid == os.getpid():
            continue
        role = role_of(process)
        if role:
            found[process.pid] = role
    return found


def rss_sample(pids: dict[int, str]) -> dict[int, int]:
    sample = {}
    for pid in pids:
        try:
            sample[pid] = psutil.Process(pid).memory_info().rss
        except psutil.Error:
            continue
    return sample


def cpu_seconds(session: int) -> dict[int, float]:
    """CPU time used so far by each process of the session, with its ended
    children (the RQ work-horses a worker has reaped)."""
    used = {}
    for process in session_processes(session):
        try:
            t = process.cpu_times()
            used[process.pid] = t.user + t.system + t.children_user + t.children_system
        except psutil.Error:
            continue
    return used


def wait_idle(session: int | None, limit: float, window: float = 3.0) -> float:
    """Wait until the stack uses less than 10 % of one core in two windows
    in a row: the worker has ended the jobs of start-up (the demo load's
    notification e-mails, the checks of its uploads, which keep those files
    from anonymous visitors until then); returns the seconds waited."""
    began = time.monotonic()
    quiet = 0
    if session is None:
        return 0.0
    while time.monotonic() - began < limit and quiet < 2:
        before = cpu_seconds(session)
        time.sleep(window)
        after = cpu_seconds(session)
        busy = sum(after[pid] - before[pid] for pid in after if pid in before)
        quiet = quiet + 1 if busy / window < 0.10 else 0
    return time.monotonic() - began


# ---- logs ---------------------------------------------------------------------------

def log_files(stack: Stack, pids: dict[int, str]) -> dict[Path, int]:
    """Log files to watch, with their size now: the stack's own output and
    every ``*.log`` its processes hold open (nginx, supervisord's children)."""
    files: dict[Path, int] = {}
    paths = [stack.log] if stack.log else []
    for pid in pids:
        try:
            paths += [Path(f.path) for f in psutil.Process(pid).open_files()
                      if f.path.endswith(".log")]
        except psutil.Error:
            continue
    for path in paths:
        if path and path.exists():
            files[path] = path.stat().st_size
    return files


def error_lines(files: dict[Path, int]) -> list[str]:
    lines = []
    for path, offset in files.items():
        try:
            with path.open("rb") as handle:
                handle.seek(offset)
                text = handle.read().decode(errors="replace")
        except OSError:
            continue
        lines += [f"{path.name}: {line.strip()}" for line in text.splitlines()
                  if ERROR_LINE.search(line)]
    return lines


# ---- one run ------------------------------------------------------------------------

def mail_dir_of(pids: dict[int, str]) -> str:
    """Where the stack's mail sink keeps its messages (its ``--dir``)."""
    for pid, role in pids.items():
        if role != "mail sink":
            continue
        try:
            process = psutil.Process(pid)
            args = process.cmdline()
            folder = args[args.index("--dir") + 1] if "--dir" in args else ".local/mail"
            return str(Path(process.cwd()) / folder)
        except (psutil.Error, IndexError):
            continue
    return ""


def run_locust(stack: Stack, args: argparse.Namespace, stamp: str, locust: Path,
               pids: dict[int, str], mail_dir: str) -> tuple[dict[str, Any], dict]:
    prefix = LOG_DIR / f"{stamp}-{stack.name}"
    extra = Path(f"{prefix}-extra.json")
    users = args.citizens + args.staff
    command = [
        str(locust), "-f", str(LOCUSTFILE), "--headless", "-u", str(users),
        "-r", str(max(1, users // 5)), "-t", f"{args.duration}s", "--host",
        stack.url, "--csv", str(prefix), "--only-summary", "--stop-timeout", "5",
    ]
    env = {**os.environ, "LOAD_STAFF": str(args.staff), "LOAD_MAIL_DIR": mail_dir,
           "LOAD_EXTRA": str(extra), "LOAD_SEED": str(args.seed)}
    locust_log = Path(f"{prefix}-locust.log")
    print(f"[{stack.name}] locust: {args.citizens} citizens + {args.staff} staff, "
          f"{args.duration} s (log: {rel(locust_log)})", flush=True)
    samples: list[tuple[float, dict[int, int]]] = []
    began = time.monotonic()
    with locust_log.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            sample_while(process, stack, pids, samples, began)
        finally:
            if process.poll() is None:  # interrupted: stop Locust too
                process.terminate()
                process.wait(timeout=30)
    samples.append((time.monotonic() - began, rss_sample(pids)))
    routes, failures = read_csv(prefix)
    figures = {"routes": routes, "failures": failures,
               "extra": json.loads(extra.read_text()) if extra.exists() else {}}
    return figures, {"samples": samples}


def sample_while(process: subprocess.Popen[bytes], stack: Stack,
                 pids: dict[int, str], samples: list[tuple[float, dict[int, int]]],
                 began: float) -> None:
    """Sample the memory every few seconds until ``process`` ends."""
    while process.poll() is None:
        # processes started meanwhile: a gunicorn worker replacing one, a
        # worker supervisord started again
        for pid, role in stack_processes(stack).items():
            pids.setdefault(pid, role)
        samples.append((time.monotonic() - began, rss_sample(pids)))
        try:
            process.wait(timeout=SAMPLE_EVERY_S)
        except subprocess.TimeoutExpired:
            pass


def read_csv(prefix: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    routes: dict[str, Any] = {}
    stats = Path(f"{prefix}_stats.csv")
    if stats.exists():
        with stats.open() as handle:
            for row in csv.DictReader(handle):
                name = row["Name"]
                routes[name] = {
                    "method": row["Type"],
                    "class": route_class(name),
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": round(float(row["Requests/s"]), 2),
                    "mean_ms": round(float(row["Average Response Time"]), 1),
                    "p50_ms": number(row["50%"]),
                    "p95_ms": number(row["95%"]),
                    "p99_ms": number(row["99%"]),
                    "max_ms": number(row["Max Response Time"]),
                }
    failures = []
    failed = Path(f"{prefix}_failures.csv")
    if failed.exists():
        with failed.open() as handle:
            failures = [{"method": r["Method"], "route": r["Name"],
                         "error": r["Error"], "count": int(r["Occurrences"])}
                        for r in csv.DictReader(handle)]
    return routes, failures


def route_class(name: str) -> str:
    if name == "Aggregated":
        return "all"
    return "anonymous" if name in ANONYMOUS_ROUTES else "logged-in"


def number(text: str) -> float | None:
    try:
        return round(float(text), 1)
    except ValueError:
        return None


def memory_table(pids: dict[int, str], boot: dict[int, int],
                 samples: list[tuple[float, dict[int, int]]],
                 warmup: float) -> list[dict[str, Any]]:
    after = [s for t, s in samples if t >= warmup] or [samples[-1][1]]
    start_sample, end_sample = after[0], samples[-1][1]
    rows = []
    for pid, role in sorted(pids.items(), key=lambda item: (item[1], item[0])):
        if role == "rq work-horse":  # one per job: a few seconds each
            continue
        seen = [s[pid] for _, s in samples if pid in s]
        if not seen and pid not in boot:
            continue  # came and went between two samples (an RQ work-horse)
        start_rss, end_rss = start_sample.get(pid), end_sample.get(pid)
        growth = (end_rss / start_rss - 1) if start_rss and end_rss else None
        rows.append({
            "role": role, "pid": pid,
            "boot_mb": mb(boot.get(pid)), "start_mb": mb(start_rss),
            "end_mb": mb(end_rss), "peak_mb": mb(max(seen) if seen else None),
            "growth_pct": None if growth is None else round(100 * growth, 1),
            "note": "" if start_rss and end_rss else
                    "ended" if start_rss or boot.get(pid) else "new",
        })
    return rows


def mb(value: int | None) -> float | None:
    return None if value is None else round(value / 2**20, 1)


def alive(stack: Stack) -> bool:
    if stack.process is not None:
        return stack.process.poll() is None
    return answers(stack.url) is not None


def measure(stack: Stack, args: argparse.Namespace, stamp: str, locust: Path) -> None:
    if not stack.given_url:
        start(stack, stamp, args.ready_timeout)
    elif answers(stack.url) != 200:
        raise StackError(f"{stack.name}: {stack.url} does not answer 200")
    try:
        print(f"[{stack.name}] waiting until idle (at most {args.idle_timeout:.0f} s)",
              flush=True)
        # a stack this script did not start: the session of its listener
        stack.watched = stack.session or listener_session(stack.url)
        idle = wait_idle(stack.watched, args.idle_timeout)
        pids = stack_processes(stack)
        print(f"[{stack.name}] {'idle' if idle < args.idle_timeout else 'STILL BUSY'}"
              f" after {idle:.0f} s; {len(pids)} processes", flush=True)
        if not alive(stack):
            raise StackError(f"{stack.name}: the stack stopped before the run "
                             f"(see {rel(stack.log or Path('?'))})")
        if not pids:
            print(f"[{stack.name}] no process found for {stack.url}: "
                  "memory not measured")
        mail_dir = args.mail_dir or mail_dir_of(pids)
        boot = rss_sample(pids)
        logs = log_files(stack, pids)
        for extra_log in args.server_log or []:
            path = Path(extra_log)
            if path.exists():
                logs[path] = path.stat().st_size
        figures, run = run_locust(stack, args, stamp, locust, pids, mail_dir)
        warmup = args.warmup if args.warmup is not None else min(30.0,
                                                                  args.duration / 6)
        figures.update(
            stopped_during_run=not alive(stack),
            url=stack.url, mail_dir=mail_dir, idle_wait_s=round(idle),
            warmup_s=warmup,
            memory=memory_table(pids, boot, run["samples"], warmup),
            server_errors=error_lines(logs),
            logs=[rel(p) for p in logs],
        )
        stack.figures = figures
    finally:
        stop(stack)


# ---- report ----------------------------------------------------------------------

def rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def fmt(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [headers, *rows])
              for i in range(len(headers))]
    line = "  ".join(h.ljust(w) if i == 0 else h.rjust(w)
                     for i, (h, w) in enumerate(zip(headers, widths, strict=True)))
    print(line)
    print("-" * len(line))
    for row in rows:
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths, strict=True))))


def ordered_routes(routes: dict[str, Any]) -> list[str]:
    def key(name: str) -> tuple[int, str]:
        rank = {"anonymous": 0, "logged-in": 1, "all": 2}[route_class(name)]
        return rank, name
    return sorted(routes, key=key)


def report(stacks: list[Stack], args: argparse.Namespace) -> list[str]:
    for stack in stacks:
        f = stack.figures
        if not f:
            continue
        print(f"\n== {stack.name}: {stack.url}  ({args.citizens} citizens + "
              f"{args.staff} staff, {args.duration} s)")
        rows = []
        for name in ordered_routes(f["routes"]):
            r = f["routes"][name]
            rows.append([name, r["class"], r["requests"], fmt(r["rps"], 2),
                         fmt(r["p50_ms"]), fmt(r["p95_ms"]), fmt(r["p99_ms"]),
                         r["failures"]])
        print_table(["route", "class", "requests", "req/s", "p50 ms", "p95 ms",
                     "p99 ms", "failures"], rows)
        if f.get("stopped_during_run"):
            print(f"WARNING: the {stack.name} stack stopped during the run")
        extra = f.get("extra") or {}
        if extra.get("servers"):
            print("answered by: " + ", ".join(f"{k} {v}" for k, v in
                                             extra["servers"].items()))
        for route, seen in (extra.get("cache_status") or {}).items():
            print(f"cache {route}: " + ", ".join(f"{k} x{v}" for k, v in seen.items()))
        if extra.get("cycles"):
            print("staff cycles (save, submit, verify, return): " + ", ".join(
                f"{k} x{v}" for k, v in extra["cycles"].items()))
        for failure in f["failures"]:
            print(f"failure: {failure['route']} x{failure['count']}: "
                  f"{failure['error'][:200]}")
        for line in f["server_errors"][:12]:
            print(f"server log: {line[:240]}")
        if len(f["server_errors"]) > 12:
            print(f"server log: ... {len(f['server_errors']) - 12} more error lines")

    measured = sorted((s for s in stacks if s.figures), key=lambda s: s.name != "prod")
    if len(measured) == 2:
        a, b = measured
        print(f"\n== side by side: p95 (ms), {a.name} / {b.name}")
        names = ordered_routes({**b.figures["routes"], **a.figures["routes"]})
        rows = []
        for name in names:
            pa = (a.figures["routes"].get(name) or {}).get("p95_ms")
            pb = (b.figures["routes"].get(name) or {}).get("p95_ms")
            ratio = pa / pb if pa is not None and pb else None
            rows.append([name, fmt(pa), fmt(pb), fmt(ratio, 2)])
        print_table(["route", f"{a.name} p95", f"{b.name} p95", "ratio"], rows)

    print("\n== memory (RSS, MB): boot = stack ready and idle; start = after the "
          "warm-up; growth = start -> end")
    rows = []
    for stack in measured:
        for m in stack.figures["memory"]:
            rows.append([stack.name, m["role"], m["pid"], fmt(m["boot_mb"], 1),
                         fmt(m["start_mb"], 1), fmt(m["end_mb"], 1),
                         fmt(m["peak_mb"], 1), fmt(m["growth_pct"], 1), m["note"]])
    if rows:
        print_table(["stack", "process", "pid", "boot", "start", "end", "peak",
                     "growth %", "note"], rows)
    return verdicts(measured)


def verdicts(stacks: list[Stack]) -> list[str]:
    missed = []
    print("\n== targets")
    for stack in stacks:
        f = stack.figures
        failed = sum(r["failures"] for n, r in f["routes"].items() if n != "Aggregated")
        if f.get("stopped_during_run"):
            missed.append(f"{stack.name}: the stack stopped during the run")
        if failed or f["server_errors"]:
            missed.append(f"{stack.name}: {failed} failed requests, "
                          f"{len(f['server_errors'])} error lines in the server logs")
        else:
            print(f"ok  {stack.name}: no error")
        if stack.name == "prod":
            limits = {"anonymous": ANONYMOUS_P95_MS, "logged-in": LOGGED_IN_P95_MS}
            slow = []
            for name, r in f["routes"].items():
                limit = limits.get(r["class"])
                if limit is not None and r["p95_ms"] is not None \
                        and r["p95_ms"] > limit:
                    slow.append(name)
                    missed.append(f"prod: {name} ({r['class']}) p95 "
                                  f"{r['p95_ms']:.0f} ms > {limit:.0f} ms")
            if not slow:
                print(f"ok  prod: p95 of every route within {ANONYMOUS_P95_MS:.0f} ms "
                      f"(anonymous) / {LOGGED_IN_P95_MS:.0f} ms (logged in)")
        for m in f["memory"]:
            if m["growth_pct"] is not None and m["growth_pct"] > 100 * GROWTH_LIMIT \
                    and m["role"] != "rq work-horse":
                missed.append(f"{stack.name}: {m['role']} (pid {m['pid']}) grew "
                              f"{m['growth_pct']:.1f} % ({m['start_mb']} -> "
                              f"{m['end_mb']} MB)")
    if not any(s.name == "prod" for s in stacks):
        print("(latency targets apply to prod through nginx: prod not measured)")
    for line in missed:
        print(f"TARGET MISSED: {line}")
    return missed


# ---- main ------------------------------------------------------------------------

def interrupted(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stacks", default="prod,demo")
    parser.add_argument("--duration", type=int, default=DEFAULTS["duration"])
    parser.add_argument("--citizens", type=int, default=DEFAULTS["citizens"])
    parser.add_argument("--staff", type=int, default=DEFAULTS["staff"])
    parser.add_argument("--url", help="measure running portals: URL (one stack) or "
                        "prod=URL,demo=URL; nothing is started or stopped")
    parser.add_argument("--warmup", type=float, default=None,
                        help="seconds before the 'start' memory sample "
                        "(default: duration/6, at most 30)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--mail-dir", help="the mail sink's folder (default: from "
                        "the stack's mail sink process)")
    parser.add_argument("--server-log", action="append",
                        help="another log file to search for errors")
    parser.add_argument("--ready-timeout", type=float, default=1800.0)
    parser.add_argument("--idle-timeout", type=float, default=900.0,
                        help="seconds to wait for the worker's start-up jobs")
    parser.add_argument("--demo-host", default="127.0.0.1")
    parser.add_argument("--demo-port", type=int, default=5000)
    parser.add_argument("--demo-mail-port", type=int, default=8025)
    parser.add_argument("--prod-host", default="127.0.0.1")
    parser.add_argument("--prod-port", type=int, default=8080)
    parser.add_argument("--prod-app-port", type=int, default=8081)
    parser.add_argument("--prod-mail-port", type=int, default=8026)
    parser.add_argument("--prod-var", action="append", metavar="NAME=VALUE",
                        help="another variable for `make prod`, e.g. "
                        "PROD_DIR=.local/prod-load PROD_DB=... PROD_REDIS_DB=...")
    parser.add_argument("--demo-var", action="append", metavar="NAME=VALUE",
                        help="another variable for `make demo`")
    parser.add_argument("--output", type=Path, help="where to write the JSON figures")
    args = parser.parse_args()

    # Ctrl-C and kill (TERM) stop the stacks this script started, also
    # when it runs in the background (where SIGINT starts out ignored)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, interrupted)
    stacks = stacks_from(args)
    locust = ensure_venv()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now()
    stamp = now.strftime("%Y%m%d-%H%M%S")
    load_before = os.getloadavg()
    failed: dict[str, str] = {}
    try:
        for stack in stacks:
            try:
                measure(stack, args, stamp, locust)
            except StackError as error:
                failed[stack.name] = str(error)
                print(f"[{stack.name}] NOT MEASURED: {error}", flush=True)
    except KeyboardInterrupt:
        for stack in stacks:
            stop(stack)
        raise SystemExit("interrupted: the stacks this script started are stopped") \
            from None
    missed = report(stacks, args)
    for name, error in failed.items():
        line = f"{name}: not measured: {error.splitlines()[0]}"
        print(f"TARGET MISSED: {line}")
        missed.append(line)

    if not any(s.figures for s in stacks):
        print("\nNothing was measured: no figures written")
        return
    quick = any(getattr(args, k) < v for k, v in DEFAULTS.items())
    output = args.output or RESULTS_DIR / (
        f"load-{now:%Y-%m-%d}{'-quick' if quick else ''}.json")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({
        "benchmark": "load", "when": now.isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(),
                    "load_average_before": [round(x, 2) for x in load_before]},
        "parameters": {"duration_s": args.duration, "citizens": args.citizens,
                       "staff": args.staff, "seed": args.seed},
        "targets": {"anonymous_p95_ms": ANONYMOUS_P95_MS,
                    "logged_in_p95_ms": LOGGED_IN_P95_MS,
                    "growth_pct": 100 * GROWTH_LIMIT, "missed": missed},
        "stacks": {s.name: s.figures for s in stacks if s.figures},
        "not_measured": failed,
    }, indent=2, default=str) + "\n")
    print(f"\nFigures written to {rel(output)}")


if __name__ == "__main__":
    main()

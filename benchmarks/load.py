"""Load: the production server (`silkbridge serve`, gunicorn) with 1 and then 2 worker processes,
driven over loopback by concurrent clients.

    python benchmarks/load.py --db sqlite
    python benchmarks/load.py --db postgres            # starts a throwaway server
    python benchmarks/load.py --scale 2000 --duration 5 --clients 20   # quick

Seeds the reference data, N demo organisations with the demo sign-ins, opportunities, the demo
forum (a published schedule) and M ventures, then starts `silkbridge serve --no-seed` as an
operator would (DEBUG off, TRUSTED_PROXIES=127.0.0.1, 8 threads per worker) and, for each
endpoint — a directory search page, the organisations API, a forum agenda page and the outcomes
dashboard (the last two signed in as the secretariat) — keeps C clients busy for D seconds, each
sending its next request as soon as the last one answered. The clients act as the proxy would:
`X-Forwarded-Proto: https` and one `X-Forwarded-For` address per client.

The load generator shares the machine: its own CPU time is measured and reported beside the
machine's, so the figures say how much of the CPU the server really had. Prints a table and
writes benchmarks/results/load-<db>.json. Target: 0 errors, and 2 processes serve >= 1.7x the
requests per second of one.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directory import configure_django, database_url

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
TARGET_SPEEDUP = 1.7
# The server's own output (gunicorn's log), outside the repository.
SERVER_LOG = Path(tempfile.gettempdir()) / "silkbridge-load-server.log"
ENDPOINTS = ("directory search", "organisations API", "forum agenda", "outcomes dashboard")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--scale", type=int, default=20_000, help="demo organisations")
    parser.add_argument("--ventures", type=int, default=5_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--clients", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per measurement")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds first")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker process")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sqlite-path", type=Path, default=None)
    parser.add_argument("--reuse", action="store_true", help="keep an already seeded database")
    return parser.parse_args(argv)


# -- seeding ------------------------------------------------------------------------------------


def seed(args: argparse.Namespace) -> float:
    """Migrate and fill the database; returns the seconds it took (0 when reused)."""
    from django.core.management import call_command

    from silkbridge.directory.models import Organisation
    from silkbridge.directory.seed.bulk import refresh_planner_statistics
    from silkbridge.forums.models import Event

    call_command("migrate", interactive=False, verbosity=0)
    seeded = Organisation.objects.filter(is_demo=True).count() == args.scale
    if args.reuse and seeded and Event.objects.exists():
        print("Reusing the seeded database.")
        return 0.0
    started = time.perf_counter()
    call_command("load_data", stdout=io.StringIO())
    call_command("demo", "--scale", str(args.scale), "--users", stdout=io.StringIO())
    from silkbridge.ventures.demo import generate_bulk_ventures

    generate_bulk_ventures(args.ventures, seed=args.seed)
    refresh_planner_statistics()
    return time.perf_counter() - started


def request_paths(args: argparse.Namespace) -> tuple[dict[str, list[str]], str]:
    """A few hundred paths per endpoint drawn from the data, and a secretariat session cookie."""
    from directory import query_mix
    from django.test import Client
    from django.urls import reverse

    from silkbridge.accounts.models import User
    from silkbridge.directory.seed import demo_users
    from silkbridge.forums.demo import DEMO_SLUG
    from silkbridge.forums.models import Participant, ParticipantStatus

    rng = random.Random(args.seed)
    searches = [params for kind, params in query_mix(270, rng) if kind != "no-match word"]
    participants = list(
        Participant.objects.filter(event__slug=DEMO_SLUG, status=ParticipantStatus.APPROVED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    paths = {
        "directory search": [f"/directory/?{urlencode(params)}" for params in searches],
        "organisations API": [
            f"/api/v1/organisations?{urlencode({'page': page, 'page_size': 20})}"
            for page in range(1, 101)
        ],
        "forum agenda": [
            reverse("forums:agenda", kwargs={"slug": DEMO_SLUG, "pk": pk}) for pk in participants
        ],
        "outcomes dashboard": [reverse("outcomes:dashboard")],
    }
    client = Client()
    client.force_login(User.objects.get(email=demo_users.SECRETARIAT_EMAIL))
    return paths, client.cookies["sessionid"].value


# -- the server ---------------------------------------------------------------------------------


def start_server(args: argparse.Namespace, url: str, static_root: str, workers: int):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "TRUSTED_PROXIES": "127.0.0.1",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
        # One address sends every request of a client: no API rate limit in the way.
        "SILKBRIDGE_API_RATE": "1000000/min",
    }
    # configure_django's SECRET_KEY stays, so the session made in this process is valid there;
    # its SECURE_SSL_REDIRECT=false goes, as the clients say https like a proxy.
    for name in ("DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT"):
        env.pop(name, None)
    command = [
        *(sys.executable, "-m", "silkbridge.cli", "serve", "--no-seed", "--port", str(args.port)),
        *("--workers", str(workers), "--threads", str(args.threads)),
    ]
    with SERVER_LOG.open("a") as log:
        server = subprocess.Popen(  # noqa: S603 - our own command line
            command, env=env, stdout=log, stderr=log, start_new_session=True
        )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            status, _ = fetch(
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=10), "/healthz", {}
            )
            if status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit("the server did not start within 180 s")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


# -- the load -----------------------------------------------------------------------------------


def fetch(connection: http.client.HTTPConnection, path: str, headers: dict[str, str]):
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    return response.status, response


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    fields = [float(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields) - idle) / ticks, sum(fields) / ticks


def session_cpu(session_id: int) -> float:
    """CPU seconds used so far by the processes of one session: the server and its workers."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session_id:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def drive(
    port: int,
    paths: list[str],
    session: str,
    clients: int,
    warmup: float,
    duration: float,
    server_session: int,
):
    """C clients, each with its own keep-alive connection and address, for warmup + duration."""
    started = time.monotonic()
    measure_from, stop_at = started + warmup, started + warmup + duration
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        rng = random.Random(n)
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": f"198.51.{n // 250}.{n % 250 + 1}",
            "Cookie": f"sessionid={session}",
        }
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while (now := time.monotonic()) < stop_at:
            try:
                status, _ = fetch(connection, rng.choice(paths), headers)
                problem = "" if status == 200 else f"HTTP {status}"
            except (OSError, http.client.HTTPException) as error:
                problem = type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            done = time.monotonic()
            # Throughput counts what completes inside the window, whenever it started.
            if measure_from <= done <= stop_at:
                with lock:
                    (errors.append(problem) if problem else latencies.append(done - now))
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, measure_from - time.monotonic()))
    cpu0, (busy0, total0) = time.process_time(), machine_busy()
    server0 = session_cpu(server_session)
    time.sleep(max(0.0, stop_at - time.monotonic()))
    cpu1, (busy1, total1) = time.process_time(), machine_busy()
    server1 = session_cpu(server_session)
    for thread in threads:
        thread.join()
    cores = os.cpu_count() or 1
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [0.0] * 99
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "rps": len(latencies) / duration,
        "p50_ms": quantiles[49] * 1000,
        "p95_ms": quantiles[94] * 1000,
        "p99_ms": quantiles[98] * 1000,
        # Share of the machine's CPU capacity in use, and the server's and the load generator's
        # shares of it; the rest went to other programs on the machine.
        "machine_cpu_pct": 100 * (busy1 - busy0) / (total1 - total0),
        "server_cpu_pct": 100 * (server1 - server0) / (duration * cores),
        "client_cpu_pct": 100 * (cpu1 - cpu0) / (duration * cores),
        # Requests per CPU-second the server used: what a core buys, whatever else runs.
        "requests_per_server_cpu_s": len(latencies) / max(server1 - server0, 1e-9),
    }


# -- main ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    RESULTS.mkdir(exist_ok=True)
    runs: list[dict] = []
    sqlite_file = f"load-{args.scale}-{args.ventures}.sqlite3"
    with database_url(args, sqlite_file) as url, tempfile.TemporaryDirectory() as static_root:
        configure_django(url, static_root)
        print(f"Seeding {args.scale} organisations and {args.ventures} ventures …")
        seed_seconds = seed(args)
        paths, session = request_paths(args)
        from django.db import connections

        connections.close_all()
        for workers in args.workers:
            server = start_server(args, url, static_root, workers)
            try:
                for endpoint in ENDPOINTS:
                    for clients in args.clients:
                        result = drive(
                            args.port,
                            paths[endpoint],
                            session,
                            clients,
                            args.warmup,
                            args.duration,
                            server_session=server.pid,
                        )
                        runs.append(
                            {"workers": workers, "endpoint": endpoint, "clients": clients, **result}
                        )
                        print_run(runs[-1])
            finally:
                stop_server(server)
    report = {
        "benchmark": "load",
        "db": args.db,
        "scale": args.scale,
        "ventures": args.ventures,
        "threads_per_worker": args.threads,
        "duration_s": args.duration,
        "seed_seconds": round(seed_seconds, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": runs,
        "speedup": speedups(runs),
    }
    output = RESULTS / f"load-{args.db}.json"
    output.write_text(json.dumps(report, indent=2))
    print_table(report)
    print(f"\nWritten to {output.relative_to(ROOT)}")


def speedups(runs: list[dict]) -> dict[str, float]:
    """Requests per second with the most workers over those with the fewest, per endpoint and C."""
    by_key = {(r["workers"], r["endpoint"], r["clients"]): r["rps"] for r in runs}
    low, high = min(r["workers"] for r in runs), max(r["workers"] for r in runs)
    return {
        f"{endpoint}, {clients} clients": round(by_key[high, endpoint, clients] / rps, 2)
        for (workers, endpoint, clients), rps in by_key.items()
        if workers == low and rps and (high, endpoint, clients) in by_key and high != low
    }


def print_run(run: dict) -> None:
    print(
        f"  {run['workers']} proc  {run['endpoint']:<19} {run['clients']:>3} clients  "
        f"{run['rps']:6.1f} req/s  p50 {run['p50_ms']:6.0f}  p95 {run['p95_ms']:6.0f}  "
        f"p99 {run['p99_ms']:6.0f} ms  errors {run['errors']}  CPU: machine "
        f"{run['machine_cpu_pct']:3.0f} %, server {run['server_cpu_pct']:3.0f} %, client "
        f"{run['client_cpu_pct']:3.0f} %"
    )


def print_table(report: dict) -> None:
    print(f"\nLoad, {report['db']}, {report['scale']} organisations, {report['machine']}")
    print(
        "proc | endpoint            | clients | req/s  | p50 ms | p95 ms | p99 ms | errors "
        "| CPU machine / server / client | req per server CPU-s"
    )
    for run in report["runs"]:
        print(
            f"{run['workers']:>4} | {run['endpoint']:<19} | {run['clients']:>7} | "
            f"{run['rps']:6.1f} | {run['p50_ms']:6.0f} | {run['p95_ms']:6.0f} | "
            f"{run['p99_ms']:6.0f} | {run['errors']:>6} | {run['machine_cpu_pct']:3.0f} % / "
            f"{run['server_cpu_pct']:3.0f} % / {run['client_cpu_pct']:3.0f} % | "
            f"{run['requests_per_server_cpu_s']:.1f}"
        )
    for key, ratio in report["speedup"].items():
        mark = "ok" if ratio >= TARGET_SPEEDUP else f"below {TARGET_SPEEDUP}x"
        print(f"speed-up {key}: {ratio:.2f}x ({mark})")


if __name__ == "__main__":
    main()

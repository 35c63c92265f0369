"""`flask jobs worker|scheduler|status|tick`: the processes of the topology and a look inside."""

from __future__ import annotations

import os
import socket

import click
from flask.cli import AppGroup

from training.extensions import db
from training.jobs import queue as jobqueue
from training.jobs import schedule, service

cli = AppGroup("jobs", help="Achtergrondtaken (RQ op Redis): worker, planner, overzicht.")


def _require_redis() -> None:
    if not jobqueue.redis_url():
        raise click.ClickException(
            "Geen wachtrij ingesteld: zet REDIS_URL (of JOBS_REDIS_URL). Zonder wachtrij draait "
            "elke taak meteen in het proces dat haar aanmaakt."
        )


@cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop zodra de wachtrij leeg is.")
@click.option(
    "--maintenance-interval",
    default=600,
    show_default=True,
    help="Seconden tussen twee keer opruimen, o.a. taken van een gestopte worker terugzetten.",
)
def worker_command(burst: bool, maintenance_interval: int) -> None:
    """Voer taken uit uit de wachtrij (met herhalingen na een wachttijd)."""
    from rq import SimpleWorker
    from rq.serializers import JSONSerializer

    _require_redis()
    name = f"{socket.gethostname()}.{os.getpid()}"
    worker = SimpleWorker(
        [jobqueue.queue()],
        connection=jobqueue.connection(),
        serializer=JSONSerializer,
        name=name,
        maintenance_interval=maintenance_interval,
    )
    # with_scheduler: retries after their wait are put back on the queue by one of the workers
    worker.work(burst=burst, with_scheduler=True, logging_level="INFO")


@cli.command("scheduler")
@click.option("--once", is_flag=True, help="Eén ronde en stoppen.")
def scheduler_command(once: bool) -> None:
    """Zet periodieke taken in de wachtrij, precies één per periode (ook met meer planners)."""
    _require_redis()
    if once:
        for job in schedule.tick():
            click.echo(f"ingepland: {job.key}")
        return
    click.echo(
        "Planner gestart: " + ", ".join(f"{t.kind} ({t.cron})" for t in schedule.periodic_tasks())
    )
    schedule.run_forever(lambda line: click.echo(line, err=False))


@cli.command("status")
def status_command() -> None:
    """Toon hoeveel taken er wachten, lopen, klaar of mislukt zijn."""
    counts = service.status_counts()
    for status in ("queued", "running", "retrying", "done", "failed"):
        click.echo(f"{status:9} {counts.get(status, 0)}")
    queue = service.queue_counts()
    if queue is not None:
        click.echo("RQ: " + ", ".join(f"{k} {v}" for k, v in queue.items()))
    for job in service.recent(status="failed", limit=10):
        click.echo(
            f"mislukt: #{job.id} {job.kind} {job.created_at:%Y-%m-%d %H:%M} {job.error[:120]}"
        )


@cli.command("run")
@click.argument("kind")
def run_command(kind: str) -> None:
    """Voer één taak nu uit (zonder wachtrij), bijvoorbeeld `flask jobs run intervision.digests`."""
    job = service.submit_local(kind)
    click.echo(f"{job.kind}: {job.status} {job.message}")
    db.session.remove()

"""`flask --app wsgi worker`: an RQ worker (with its scheduler) plus the outbox dispatcher.

Run as many as you like: each claims its own jobs, and dispatchers never hand out one outbox
row twice. Without Redis, `start_inline_dispatcher` sends due mail from the web process.
"""

from __future__ import annotations

import logging
import threading
import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Queue, SimpleWorker

from clinic360.clock import now_utc
from clinic360.extensions import db
from clinic360.jobs import expiry, outbox

log = logging.getLogger(__name__)


def redis_connection(app: Flask) -> Redis:
    return Redis.from_url(
        app.config["REDIS_URL"],
        socket_connect_timeout=2,
        socket_timeout=5,
        health_check_interval=10,
    )


def queue_for(app: Flask, connection: Redis | None = None) -> Queue:
    return Queue(app.config["MAIL_QUEUE"], connection=connection or redis_connection(app))


def rq_enqueue(queue: Queue):
    def enqueue(outbox_id: int) -> None:
        queue.enqueue_call(
            outbox.send_message,
            args=(outbox_id,),
            job_id=f"outbox-{outbox_id}-{time.time_ns()}",
            timeout=120,
            result_ttl=3600,
            failure_ttl=7 * 24 * 3600,
        )

    return enqueue


def _dispatch_forever(app: Flask, enqueue, stop: threading.Event) -> None:
    interval = app.config["DISPATCH_INTERVAL_SECONDS"]
    while not stop.is_set():
        _round(app, "outbox dispatcher", lambda: outbox.dispatch_due(now_utc(), enqueue))
        _round(app, "periodic upkeep", lambda: expiry.run_due(now_utc()))
        stop.wait(interval)


def _round(app: Flask, name: str, work) -> None:
    try:
        with app.app_context():
            work()
    except Exception:
        log.exception("%s round failed", name)
        with app.app_context():
            db.session.rollback()


def start_dispatcher(app: Flask, enqueue) -> threading.Event:
    stop = threading.Event()
    thread = threading.Thread(
        target=_dispatch_forever,
        args=(app, enqueue, stop),
        name="outbox-dispatcher",
        daemon=True,
    )
    thread.start()
    return stop


_inline_started = False
_inline_lock = threading.Lock()


def start_inline_dispatcher(app: Flask) -> None:
    """Without Redis: send due mail from a thread of this (web) process, once per process."""
    global _inline_started
    with _inline_lock:
        if _inline_started:
            return
        _inline_started = True
    outbox.use_app(app)
    start_dispatcher(app, lambda outbox_id: outbox.send_message(outbox_id))


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty (for tests and scripts).")
@click.option("--no-dispatcher", is_flag=True, help="Only run jobs; another process dispatches.")
@with_appcontext
def worker_command(burst: bool, no_dispatcher: bool) -> None:
    """Run an RQ worker with its scheduler, and the outbox dispatcher, until stopped."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config["REDIS_URL"]:
        raise click.UsageError("Set REDIS_URL: the worker takes its jobs from Redis.")
    outbox.use_app(app)
    connection = redis_connection(app)
    queue = queue_for(app, connection)
    stop = None if no_dispatcher else start_dispatcher(app, rq_enqueue(queue))
    try:
        _work_through_outages(queue, connection, burst)
    finally:
        if stop is not None:
            stop.set()


def _work_through_outages(queue: Queue, connection: Redis, burst: bool) -> None:
    """Run the RQ worker; when Redis goes away, wait for it and start again."""
    delay = 0.5
    while True:
        try:
            SimpleWorker([queue], connection=connection).work(burst=burst, with_scheduler=True)
            return  # stopped by a signal, or a burst is done
        except (RedisConnectionError, RedisTimeoutError):
            log.warning("Redis is unreachable; the worker retries in %.1fs", delay)
            time.sleep(delay)
            delay = min(delay * 2, 15)

"""``talentkit serve``: the JSON API and the web page on one port (the ``web`` extra)."""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path

import click

from talentkit.cli._common import overrides, params_option


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@params_option
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes (each loads the plugins once).",
)
@click.option("--reload", is_flag=True, help="Restart when Python files change (plugin authors).")
@click.option(
    "--token",
    help="Bearer token every API request must carry (default: the TALENTKIT_TOKEN "
    "environment variable; none: the API is open).",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    help="Origin allowed to call the API from a browser (repeatable; default: none).",
)
@click.option(
    "--max-jobs", default=4, show_default=True, type=click.IntRange(1), help="Batch jobs kept."
)
@click.option(
    "--job-seconds",
    default=600,
    show_default=True,
    type=click.IntRange(1),
    help="A batch job running longer is stopped.",
)
@click.option(
    "--scheduler",
    envvar="TALENTKIT_SCHEDULER",
    help="Run batch jobs on Parquet files on Dask: 'local' for a cluster on this machine, or "
    "a scheduler address tcp://HOST:PORT whose workers see this machine's temporary folder "
    "(default: the TALENTKIT_SCHEDULER environment variable; none: every job runs here; "
    "needs the [dask] extra).",
)
def serve(
    host: str,
    port: int,
    params_file: Path | None,
    workers: int,
    reload: bool,
    token: str | None,
    cors_origins: tuple[str, ...],
    max_jobs: int,
    job_seconds: int,
    scheduler: str | None,
) -> None:
    """Serve the JSON API (/api/v1, OpenAPI at /api/v1/openapi.json) and the web page."""
    try:
        import uvicorn

        import talentkit.web  # noqa: F401  (the extra's modules, loaded only here)
    except ImportError as exc:
        raise click.UsageError(
            f"serving needs the web extra: pip install 'talentkit[web]' ({exc})"
        ) from None
    if scheduler is not None:
        _check_scheduler(scheduler)
    over = overrides(params_file)  # a bad file is a usage error before the server starts
    # the factory reads its settings from the environment, so --workers and --reload work
    env = {
        "TALENTKIT_SERVE_PARAMS": str(params_file.resolve()) if params_file else "",
        "TALENTKIT_SERVE_CORS": " ".join(cors_origins),
        "TALENTKIT_SERVE_MAX_JOBS": str(max_jobs),
        "TALENTKIT_SERVE_JOB_SECONDS": str(job_seconds),
        "TALENTKIT_SERVE_SCHEDULER": scheduler or "",
    }
    if token:
        env["TALENTKIT_TOKEN"] = token
    os.environ.update(env)
    del over
    click.echo(
        f"talentkit: http://{host}:{port}/  (API: http://{host}:{port}/api/v1/docs)", err=True
    )
    uvicorn.run(
        "talentkit.web.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers if not reload else None,
        reload=reload,
        log_level="info",
        server_header=False,
    )


def _check_scheduler(scheduler: str) -> None:
    """A scheduler the jobs could not use is a usage error before the server starts."""
    if scheduler != "local" and "://" not in scheduler:
        raise click.UsageError(
            f"--scheduler {scheduler!r}: expected 'local' or a scheduler address such as "
            "tcp://HOST:8786"
        )
    if find_spec("distributed") is None or find_spec("polars") is None:
        raise click.UsageError(
            "--scheduler needs Dask: install the [dask] extra (pip install 'talentkit[dask]')"
        )

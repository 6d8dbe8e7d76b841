"""Batch screening as jobs: upload a file, poll, download results and error rows.

Each job lives in its own folder under one temporary directory and runs the batch engine in
a child process, so a job over its time limit can be stopped. A job's state is read from its
folder (``summary.json``, ``failed.json``, ``progress``), not from memory. Job ids are
generated here and checked against a pattern: no part of a request names a file.

When a Dask scheduler is configured, a Parquet upload is screened by
:func:`talentkit.batch.distributed.screen_dask` (the child process is then the Dask client,
and the workers must see the job folder at the same path); other formats run locally.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Mapping
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from talentkit.inputtext import error_in, message_in
from talentkit.text import Lang
from talentkit.web.problems import Problem, invalid

if TYPE_CHECKING:
    from talentkit.batch import BatchSummary

#: what an upload's name may end in, and the format the batch engine reads it as
FORMATS = {
    ".jsonl": ".jsonl",
    ".ndjson": ".jsonl",
    ".csv": ".csv",
    ".xlsx": ".xlsx",
    ".parquet": ".parquet",
}
_ID = re.compile(r"^[0-9a-f]{32}$")


def job_columns(value: str | None, wide: bool = False) -> list[str] | None:
    """The result columns a job is asked for (names separated by commas or spaces; None:
    every column), checked before the job starts as ``talentkit batch --columns`` checks
    them: an unknown name is a problem at ``$.columns`` naming the closest one (``wide``:
    so is a column besides the verdict, which wide results hold alone).

    :raises Problem: naming no column, or a column that is not a result column
    """
    if value is None:
        return None
    asked = [name for name in value.replace(",", " ").split() if name]
    if not asked:  # a field sent empty is a slip, not a wish for every column
        raise invalid(["name at least one result column @ $.columns"])
    from talentkit.batch import BatchError
    from talentkit.batch.run import written_columns

    try:
        written_columns(asked, wide)
    except BatchError as exc:
        raise invalid([f"{exc} @ $.columns"]) from None
    return asked


def _run(
    folder: str,
    source: str,
    programmes: list[str] | None,
    as_of: str,
    overrides: dict[str, Any],
    installed: dict[str, Any],
    scheduler: str | None = None,
    columns: list[str] | None = None,
    wide: bool = False,
) -> None:  # pragma: no cover - runs in the child process
    """The child process: screen the input, leave ``summary.json`` or ``failed.json``."""
    from talentkit.batch import BatchError, screen
    from talentkit.engine import Engine
    from talentkit.web.service import with_operator_params

    here = Path(folder)
    read = 0

    def progress(rows: int) -> None:
        nonlocal read
        read += rows
        (here / "progress.tmp").write_text(str(read))
        (here / "progress.tmp").replace(here / "progress")

    try:
        if scheduler is not None:
            summary = _on_dask(
                here, source, scheduler, programmes, as_of, overrides, installed, columns, wide
            )
            progress(summary.rows_read)
        else:
            engine = with_operator_params(Engine.create(), installed)
            summary = screen(
                engine,
                here / source,
                here / "results.jsonl",
                programmes=programmes,
                as_of=dt.date.fromisoformat(as_of),
                overrides=overrides or None,
                errors_path=here / "errors.jsonl",
                workers=1,
                progress=progress,
                columns=columns,
                wide=wide,
            )
        out = {
            "rows_read": summary.rows_read,
            "rows_assessed": summary.rows_assessed,
            "error_rows": summary.error_rows,
            "results_written": summary.results_written,
            "programmes": list(summary.programmes),
            "hook_errors": summary.hook_errors,
            "seconds": round(summary.seconds, 3),
        }
        (here / "summary.tmp").write_text(json.dumps(out))
        (here / "summary.tmp").replace(here / "summary.json")
    except BatchError as exc:
        detail = _as_uploaded(str(exc), here, source)
        (here / "failed.json").write_text(json.dumps({"detail": detail}))
    except Exception as exc:
        (here / "failed.json").write_text(
            json.dumps({"detail": f"the batch run failed: {type(exc).__name__}"})
        )


def _as_uploaded(message: str, here: Path, source: str) -> str:
    """A batch error about the job's input names the file as it was uploaded, not where
    the server keeps it."""
    uploaded = json.loads((here / "job.json").read_text())["file"]
    for kept in (here / "partitions" / source, here / source):
        message = message.replace(str(kept), uploaded)
    return message


def _on_dask(
    here: Path,
    source: str,
    scheduler: str,
    programmes: list[str] | None,
    as_of: str,
    overrides: dict[str, Any],
    installed: dict[str, Any],
    columns: list[str] | None,
    wide: bool = False,
) -> BatchSummary:  # pragma: no cover - runs in the child process
    """The Parquet upload as a one-partition dataset on Dask; its results as JSON Lines,
    the format every job's download has."""
    import polars as pl

    from talentkit.batch.distributed import installed_engine, screen_dask

    parts = here / "partitions"
    parts.mkdir()
    (here / source).replace(parts / source)
    summary = screen_dask(
        installed_engine,  # the workers' own plugins; the operator's values travel below
        parts,
        here / "output",
        scheduler,
        programmes=programmes,
        as_of=dt.date.fromisoformat(as_of),
        overrides={**installed, **overrides} or None,
        errors_path=here / "errors.jsonl",
        workers=1,
        columns=columns,
        wide=wide,
    )
    pl.read_parquet(here / "output" / source).write_ndjson(here / "results.tmp")
    (here / "results.tmp").replace(here / "results.jsonl")
    return summary


def _errors_in(path: Path, lang: Lang) -> Path:
    """The error rows of ``path`` with each message in ``lang`` (as ``talentkit batch
    --lang`` writes them): row and field path as they are."""
    out = path.with_name(f"{path.stem}.{lang}.jsonl")
    if not out.exists():
        part = out.with_suffix(".tmp")
        with path.open(encoding="utf-8") as rows, part.open("w", encoding="utf-8") as written:
            for line in rows:
                if line.strip():
                    row = json.loads(line)
                    row["message"] = message_in(row["message"], lang)
                    written.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
                    written.write("\n")
        part.replace(out)
    return out


@attrs.define
class Jobs:
    """The jobs of one server: at most ``limit`` at once, each stopped after ``seconds``."""

    limit: int
    seconds: float
    ttl: float
    installed: Mapping[str, Any] = attrs.field(factory=dict)
    #: a Dask scheduler address or ``"local"``: Parquet uploads are screened there
    scheduler: str | None = None
    root: Path = attrs.field(factory=lambda: Path(tempfile.mkdtemp(prefix="talentkit-jobs-")))
    _procs: dict[str, tuple[BaseProcess, float]] = attrs.field(factory=dict)

    def folder(self, job_id: str) -> Path:
        if not _ID.match(job_id) or not (self.root / job_id).is_dir():
            raise Problem(404, "unknown-job", "unknown job", f"no job {job_id!r}")
        return self.root / job_id

    def start(
        self,
        filename: str,
        content: bytes,
        programmes: list[str] | None,
        as_of: dt.date,
        overrides: Mapping[str, Any] | None,
        columns: list[str] | None = None,
        wide: bool = False,
    ) -> dict[str, Any]:
        """Start a job; ``columns``: the result columns to write (checked by
        :func:`job_columns`; None: all); ``wide``: the verdicts a row per case."""
        self.sweep()
        if len(list(self.root.iterdir())) >= self.limit:
            raise Problem(
                429,
                "too-many-jobs",
                "too many jobs",
                f"{self.limit} jobs are kept at once; download and delete one, or wait",
            )
        suffix = next((s for s in FORMATS if filename.lower().endswith(s)), None)
        if suffix is None:
            raise Problem(
                422,
                "invalid-input",
                "invalid input",
                f"unknown file format {filename!r}; use .jsonl, .csv, .xlsx or .parquet",
                [{"path": "$.file", "message": "expected a .jsonl, .csv, .xlsx or .parquet file"}],
            )
        job_id = uuid.uuid4().hex
        here = self.root / job_id
        here.mkdir()
        source = "input" + FORMATS[suffix]
        (here / source).write_bytes(content)
        # a local Dask cluster starts worker processes, which a daemon process may not have
        dask = self.scheduler if source.endswith(".parquet") else None
        (here / "job.json").write_text(
            json.dumps(
                {
                    "id": job_id,
                    "file": filename[-200:],
                    "programmes": programmes,
                    "as_of": as_of.isoformat(),
                    "columns": columns,
                    "wide": wide,
                    "created": time.time(),
                }
            )
        )
        proc = multiprocessing.get_context("spawn").Process(
            target=_run,
            args=(
                str(here),
                source,
                programmes,
                as_of.isoformat(),
                dict(overrides or {}),
                dict(self.installed),
                dask,
                columns,
                wide,
            ),
            daemon=dask is None,
        )
        proc.start()
        self._procs[job_id] = (proc, time.monotonic())
        return self.status(job_id)

    def status(self, job_id: str, lang: Lang = "en") -> dict[str, Any]:
        """A job's progress, summary and links; why it failed, in ``lang``."""
        here = self.folder(job_id)
        self._watch(job_id)
        info = json.loads((here / "job.json").read_text())
        out: dict[str, Any] = {
            "id": job_id,
            "file": info["file"],
            "programmes": info["programmes"],
            "as_of": info["as_of"],
            "columns": info["columns"],
            "wide": info.get("wide", False),
            "rows_read": int((here / "progress").read_text())
            if (here / "progress").exists()
            else 0,
            "links": {"self": f"/api/v1/jobs/{job_id}"},
        }
        if (here / "summary.json").exists():
            out["status"] = "done"
            out["summary"] = json.loads((here / "summary.json").read_text())
            out["rows_read"] = out["summary"]["rows_read"]
            out["links"]["results"] = f"/api/v1/jobs/{job_id}/results"
            out["links"]["errors"] = f"/api/v1/jobs/{job_id}/errors"
        elif (here / "failed.json").exists():
            out["status"] = "failed"
            out["detail"] = error_in(json.loads((here / "failed.json").read_text())["detail"], lang)
        else:
            out["status"] = "running"
        return out

    def _watch(self, job_id: str) -> None:
        """Stop a job over its time limit; record a child that died without a word."""
        entry = self._procs.get(job_id)
        if entry is None:
            return
        proc, started = entry
        here = self.root / job_id
        done = (here / "summary.json").exists() or (here / "failed.json").exists()
        if proc.is_alive() and not done and time.monotonic() - started > self.seconds:
            proc.kill()
            proc.join(5)
            (here / "failed.json").write_text(
                json.dumps({"detail": f"stopped after {self.seconds:g} s (the job time limit)"})
            )
        elif not proc.is_alive():
            proc.join()
            if not done:
                (here / "failed.json").write_text(
                    json.dumps({"detail": "the batch run stopped unexpectedly"})
                )
        if not proc.is_alive():
            del self._procs[job_id]

    def file(self, job_id: str, which: str, lang: Lang = "en") -> Path:
        """The results or error rows of a finished job; the error rows' messages in
        ``lang`` (written once per language beside the English file)."""
        status = self.status(job_id)
        if status["status"] != "done":
            raise Problem(
                409, "job-not-done", "job not done", f"job {job_id} is {status['status']}"
            )
        path = self.folder(job_id) / f"{which}.jsonl"
        if not path.exists():  # no error row: an empty file says so
            path.write_text("")
        if which != "errors" or lang == "en":
            return path
        return _errors_in(path, lang)

    def delete(self, job_id: str) -> None:
        here = self.folder(job_id)
        entry = self._procs.pop(job_id, None)
        if entry is not None and entry[0].is_alive():
            entry[0].kill()
            entry[0].join(5)
        shutil.rmtree(here, ignore_errors=True)

    def sweep(self) -> None:
        """Remove finished jobs older than the time to live."""
        now = time.time()
        for here in list(self.root.iterdir()):
            job_id = here.name
            if job_id in self._procs:
                self._watch(job_id)
                if job_id in self._procs:
                    continue
            try:
                created = json.loads((here / "job.json").read_text())["created"]
            except (OSError, ValueError, KeyError):
                created = 0.0
            if now - created > self.ttl:
                shutil.rmtree(here, ignore_errors=True)

    def close(self) -> None:
        for proc, _ in self._procs.values():
            if proc.is_alive():
                proc.kill()
                proc.join(5)
        self._procs.clear()
        shutil.rmtree(self.root, ignore_errors=True)

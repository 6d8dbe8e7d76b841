"""``talentkit batch``: screen a population file (JSON Lines, CSV, Excel or Parquet), or a
directory of Parquet partitions on a Dask cluster (``--scheduler``).

Exit codes: 0 every row read was assessed or reported as an error row and at least one
row was assessed; 1 no row could be assessed (an empty file, or every row an error);
2 usage or input error found before any row (unknown format, unwritable output, output
over the input, a header naming no profile field, an unreadable file); 3 a plugin's hook
raised or answered with the wrong type for some case.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from talentkit.cli._common import (
    HOOK_ERROR,
    as_date,
    as_of_option,
    engine_of,
    overrides,
    params_option,
    user_errors,
)

if TYPE_CHECKING:
    from talentkit.batch import BatchSummary
    from talentkit.text import Lang


if TYPE_CHECKING:
    _ParamType = click.ParamType[Any]
else:  # click before 8.2 has no type parameter here
    _ParamType = click.ParamType


class _PathOrUrl(_ParamType):
    """A local path (checked as click.Path checks it), or a URL kept as text."""

    name = "path"

    def __init__(self, exists: bool = False, dir_okay: bool = True) -> None:
        self.path = click.Path(exists=exists, dir_okay=dir_okay, path_type=Path)
        self.name = "path" if dir_okay else "file"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", value):
            return value
        return self.path.convert(value, param, ctx)


@click.command("batch")
@click.argument("input_path", metavar="INPUT", type=_PathOrUrl(exists=True))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=_PathOrUrl(),
    help="Results file: .parquet, .csv, .xlsx or .jsonl (written when the run completes); "
    "with --scheduler, a directory: one Parquet file per partition and _SUCCESS. INPUT, "
    "--output and --errors may be URLs: s3://, gs://, memory:// (the [remote] extra) or "
    "file://.",
)
@click.option(
    "--programme",
    "programmes",
    multiple=True,
    help="Programme id, id prefix or jurisdiction (repeatable; default: all enabled).",
)
@as_of_option
@params_option
@click.option(
    "--errors",
    "errors",
    type=_PathOrUrl(dir_okay=False),
    help="Write malformed rows (row, field path, message) here (.jsonl, .csv or .xlsx).",
)
@click.option(
    "--mapping",
    "mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV, Excel and flat Parquet: TOML [columns] table mapping headers to profile paths.",
)
@click.option(
    "--layout",
    type=click.Choice(["flat", "nested"]),
    help="Input columns: flat (one per fact path, `talentkit schema --flat`) or nested (one "
    "struct per subject); default: flat when a column name has a dot or a bracket.",
)
@click.option(
    "--encoding",
    help="Text encoding of a JSON Lines or CSV input (default: UTF-8 with or without a BOM, "
    "or GBK/GB18030 Chinese text), e.g. gb18030.",
)
@click.option(
    "--assume-calendar",
    is_flag=True,
    help="Count weekends only in years the official holiday calendar does not know "
    "(otherwise such a case is an error row).",
)
# (talentkit.batch.io.CHUNK_ROWS and FLAT_CHUNK_ROWS; not imported here, the batch modules
# load only for a run)
@click.option(
    "--chunk-size",
    type=int,
    default=None,
    help="Rows per chunk.  [default: 50000; a flat Parquet file: 100000]",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    help="Processes parsing JSON Lines rows, and CSV or Excel rows where the header names "
    "a whole list (such a file is otherwise read column by column); with --scheduler local, "
    "Dask worker processes.",
)
@click.option(
    "--scheduler",
    metavar="local|tcp://HOST:PORT",
    help="Screen the Parquet partitions of the directory INPUT on Dask: 'local' for a "
    "cluster on this machine, or a scheduler address (needs the [dask] extra).",
)
@click.option(
    "--columns",
    "columns",
    multiple=True,
    metavar="NAMES",
    help="Result columns to write besides row, subject_id and programme, comma-separated "
    "(repeatable; default: all): verdict, missing, review, failed, funding_total_fen, "
    "funding_complete, funding_missing. What only the others need is not computed.",
)
@click.option(
    "--wide",
    is_flag=True,
    help="One row per case and a column per programme (named by its id) holding its "
    "verdict; empty where the programme did not assess the case. The verdicts alone: "
    "--columns may name verdict only.",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="en",
    show_default=True,
    help="Language of the run's summary and messages, and of the errors file's messages "
    "(the results file keeps its codes).",
)
@click.pass_context
@user_errors
def batch(
    ctx: click.Context,
    input_path: Path | str,
    output: Path | str,
    programmes: tuple[str, ...],
    as_of: dt.datetime | None,
    params_file: Path | None,
    errors: Path | str | None,
    mapping: Path | None,
    layout: str | None,
    encoding: str | None,
    assume_calendar: bool,
    chunk_size: int | None,
    workers: int,
    scheduler: str | None,
    columns: tuple[str, ...],
    wide: bool,
    lang: Lang,
) -> None:
    """Screen every case in INPUT against the programmes; one result row per case and
    programme (verdict, missing facts, review criteria, failed rules, funding total), or
    with --wide one row per case and a verdict column per programme."""
    try:
        from talentkit.batch import BatchError, screen
    except ImportError as exc:  # pragma: no cover - the optional extra is absent
        raise click.UsageError(f"batch screening needs the [batch] extra: {exc}") from None
    on = as_date(as_of) or dt.date.today()
    # (checked by the run: an unknown name stops it before any row, naming the closest)
    asked = [name for value in columns for name in value.split(",") if name.strip()] or None
    if columns and asked is None:  # `--columns ""` is a slip, not a wish for every column
        raise _usage("--columns: name at least one result column", lang)
    if scheduler is not None:
        if mapping is not None or encoding is not None:
            raise _usage("--mapping and --encoding do not apply to Parquet partitions", lang)
        if not isinstance(input_path, Path) or not isinstance(output, Path):
            raise _usage(
                "--scheduler reads and writes directories every worker can reach; "
                "give paths (mount the object store), not URLs",
                lang,
            )
        if errors is not None and not isinstance(errors, Path):
            raise _usage("--errors: with --scheduler, a path, not a URL", lang)
        summary = _on_dask(
            input_path,
            output,
            scheduler,
            programmes=list(programmes) or None,
            as_of=on,
            overrides=overrides(params_file),
            errors=errors,
            chunk_size=chunk_size,
            workers=workers,
            assume_calendar=assume_calendar,
            layout=layout,
            lang=lang,
            columns=asked,
            wide=wide,
        )
        _report(summary, lang)
        return
    if isinstance(input_path, Path) and input_path.is_dir():
        raise _usage(
            f"{input_path} is a directory: screen its Parquet partitions with --scheduler", lang
        )
    engine = engine_of(ctx)
    total = _count_rows(input_path) if isinstance(input_path, Path) else None
    with click.progressbar(
        length=total or 0, label="screening", file=sys.stderr, show_pos=True
    ) as bar:
        try:
            summary = screen(
                engine,
                input_path,
                output,
                programmes=list(programmes) or None,
                as_of=on,
                overrides=overrides(params_file),
                errors_path=errors,
                chunk_size=chunk_size,
                workers=workers,
                csv_mapping=mapping,
                progress=bar.update,
                encoding=encoding,
                assume_calendar=assume_calendar,
                layout=layout,
                lang=lang,
                columns=asked,
                wide=wide,
            )
        except BatchError as exc:
            raise _usage(str(exc), lang) from None
    _report(summary, lang)


def _usage(message: str, lang: Lang) -> click.UsageError:
    """A usage error in ``lang``: the files, paths and names in it as written."""
    from talentkit.inputtext import message_in

    return click.UsageError(message_in(message, lang))


def _report(summary: BatchSummary, lang: Lang) -> None:
    zh = lang == "zh"
    for line in summary.lines(lang):
        click.echo(line)
    click.echo(f"{'结果文件：' if zh else 'output           '}{summary.output}")
    if summary.errors:
        click.echo(f"{'错误文件：' if zh else 'errors           '}{summary.errors}")
    if summary.hook_errors:
        sys.exit(HOOK_ERROR)
    if summary.rows_assessed == 0:
        if zh:
            why = "输入没有数据行" if summary.rows_read == 0 else "每一行都有错误"
            click.secho(f"未评估任何行：{why}", fg="red", err=True)
        else:
            why = "the input has no rows" if summary.rows_read == 0 else "every row is an error"
            click.secho(f"no row was assessed: {why}", fg="red", err=True)
        sys.exit(1)


def _on_dask(
    input_dir: Path,
    output: Path,
    scheduler: str,
    *,
    errors: Path | None,
    workers: int,
    **options: Any,
) -> BatchSummary:
    try:
        from talentkit.batch import BatchError
        from talentkit.batch.distributed import installed_engine, parquet_partitions, screen_dask
    except ImportError as exc:  # pragma: no cover - the optional extra is absent
        raise click.UsageError(f"batch screening needs the [batch] extra: {exc}") from None
    if find_spec("distributed") is None:
        raise click.UsageError(
            "--scheduler needs Dask: install the [dask] extra (pip install 'talentkit[dask]')"
        )
    if scheduler != "local" and "://" not in scheduler:
        raise click.UsageError(
            f"--scheduler {scheduler!r}: expected 'local' or a scheduler address such as "
            "tcp://HOST:8786"
        )
    try:
        total = sum(n for _, n in parquet_partitions(input_dir))
        with click.progressbar(
            length=total, label="screening", file=sys.stderr, show_pos=True
        ) as bar:
            return screen_dask(
                installed_engine,
                input_dir,
                output,
                scheduler,
                errors_path=errors,
                workers=workers,
                progress=bar.update,
                **options,
            )
    except BatchError as exc:
        raise _usage(str(exc), options["lang"]) from None


def _count_rows(path: Path) -> int | None:
    """Rows in the input, for the progress bar (Parquet metadata; lines otherwise)."""
    name = path.name.lower()
    if name.endswith((".parquet", ".pq")):
        import pyarrow.parquet as pq

        try:
            return int(pq.ParquetFile(path).metadata.num_rows)
        except Exception:  # not a Parquet file: the reader says so with the file's name
            return None
    if name.endswith(".xlsx"):
        return None
    with path.open("rb") as fh:
        n = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    return max(n - 1, 0) if name.endswith(".csv") else n

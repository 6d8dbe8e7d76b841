"""Inputs and outputs as URLs: ``s3://``, ``gs://``, ``memory://`` through fsspec; ``file://``.

fsspec is the filesystem abstraction polars, pandas and Dask use for object stores; it is an
optional extra (``pip install "talentkit[remote]"``), and each store needs its own
implementation beside it (``s3fs`` for ``s3://``, ``gcsfs`` for ``gs://``).

A remote input is copied to a temporary local file first (every reader, the CSV sniffer and
the Excel reader included, then works as on a local file); remote outputs are written
locally, checked and renamed as usual, and uploaded only when the run has completed, so an
interrupted run leaves nothing under the output's URL. ``file://`` URLs are local paths.
"""

from __future__ import annotations

import functools
import inspect
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar
from urllib.parse import unquote, urlparse

import attrs

from talentkit.batch.io import BatchError

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
#: the stores whose fsspec implementation is a separate distribution
_IMPLEMENTATIONS = {"s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "az": "adlfs"}

P = ParamSpec("P")
R = TypeVar("R")


def is_url(value: object) -> bool:
    """Whether ``value`` is a URL (``s3://bucket/key``), not a local path."""
    return isinstance(value, str) and _SCHEME.match(value) is not None


def _scheme(url: str) -> str:
    return url.split("://", 1)[0].lower()


def local_path(url: str) -> Path:
    """The local path of a ``file://`` URL."""
    parsed = urlparse(url)
    if parsed.netloc not in ("", "localhost"):
        raise BatchError(f"{url}: a file:// URL names a file on this machine (file:///path)")
    return Path(unquote(parsed.path))


def filesystem(url: str) -> Any:
    """The fsspec filesystem of ``url`` and the path in it; a clear error when fsspec or
    the store's implementation is not installed."""
    try:
        import fsspec
    except ImportError:
        raise BatchError(
            f"{url}: reading and writing URLs needs fsspec: "
            "install the [remote] extra (pip install 'talentkit[remote]')"
        ) from None
    scheme = _scheme(url)
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as exc:
        package = _IMPLEMENTATIONS.get(scheme, f"the fsspec implementation of {scheme}://")
        raise BatchError(f"{url}: {scheme}:// needs {package} beside fsspec ({exc})") from None
    except ValueError as exc:  # an unknown protocol
        raise BatchError(f"{url}: {exc}") from None


class Staging:
    """Local stand-ins for the URLs of one run: inputs fetched, outputs uploaded at the end."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)
        self.uploads: list[tuple[Path, str]] = []

    def input(self, value: Any) -> Any:
        if not is_url(value):
            return value
        if _scheme(value) == "file":
            return local_path(value)
        fs, path = filesystem(value)
        target = self.folder / "in" / Path(path).name
        target.parent.mkdir(exist_ok=True)
        try:
            fs.get_file(path, str(target))
        except FileNotFoundError:
            raise BatchError(f"{value}: no such file") from None
        except OSError as exc:
            raise BatchError(f"{value}: cannot read it: {exc}") from None
        return target

    def output(self, value: Any, name: str) -> Any:
        if not is_url(value):
            return value
        if _scheme(value) == "file":
            return local_path(value)
        _, path = filesystem(value)  # fsspec and the store's package are there
        target = self.folder / name / Path(path).name
        target.parent.mkdir()
        self.uploads.append((target, value))
        return target

    def publish(self) -> None:
        for local, url in self.uploads:
            fs, path = filesystem(url)
            try:
                fs.put_file(str(local), path)
            except OSError as exc:
                raise BatchError(f"{url}: cannot write it: {exc}") from None


def through_urls(fn: Callable[P, R]) -> Callable[P, R]:
    """Let ``fn`` (:func:`~talentkit.batch.screen`) take URLs for ``input_path``,
    ``output_path`` and ``errors_path``; the summary names the URLs."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        bound = signature.bind(*args, **kwargs)
        given = bound.arguments
        source, output = given.get("input_path"), given.get("output_path")
        errors = given.get("errors_path")
        if not any(is_url(v) for v in (source, output, errors)):
            return fn(*args, **kwargs)
        if is_url(source) and source in (output, errors):
            raise BatchError(f"{source}: refusing to write over the input")
        if errors is not None and is_url(output) and output == errors:
            raise BatchError(f"{errors}: refusing to write over another output")
        with tempfile.TemporaryDirectory(prefix="talentkit-") as folder:
            staging = Staging(folder)
            given["output_path"] = staging.output(output, "out")
            if errors is not None:
                given["errors_path"] = staging.output(errors, "errors")
            given["input_path"] = staging.input(source)
            summary = fn(*bound.args, **bound.kwargs)
            staging.publish()
        named: dict[str, Any] = {"output": str(output)}
        if errors is not None:
            named["errors"] = str(errors)
        return attrs.evolve(summary, **named)  # type: ignore[misc]

    return wrapper

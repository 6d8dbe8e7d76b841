"""Batch screening: a population of cases against programmes, columnar and streaming.

Needs the ``batch`` extra (polars, pyarrow, openpyxl, python-calamine, xlsxwriter);
:func:`screen_dask` needs ``dask``. The core package never imports this module.
"""

from talentkit.batch.evaluate import RESULT_SCHEMA
from talentkit.batch.io import ERROR_SCHEMA, BatchError, ErrorRecord
from talentkit.batch.run import BatchSummary, Screening, screen, screen_frame
from talentkit.batch.schema import profile_schema, profiles_frame, to_row

__all__ = [
    "ERROR_SCHEMA",
    "RESULT_SCHEMA",
    "BatchError",
    "BatchSummary",
    "ErrorRecord",
    "Screening",
    "profile_schema",
    "profiles_frame",
    "screen",
    "screen_frame",
    "to_row",
]


def __getattr__(name: str) -> object:
    if name == "screen_dask":  # needs the [dask] extra; imported on first use
        from talentkit.batch.distributed import screen_dask

        return screen_dask
    raise AttributeError(name)

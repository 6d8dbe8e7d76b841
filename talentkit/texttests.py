"""Case-file items that hold a plugin to its texts: ``[[texts]]`` tables.

``[[texts]] plugin = "yangquan"`` (or ``documents = ["YQ-TEAM"]``) collects, per document,
one item asserting every citation's key and quote against the shipped text and one
asserting that ``talentkit coverage`` accounts for every article.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from talentkit.citations import check
from talentkit.coverage import NOTHING, DocumentCoverage, coverage, documents_of
from talentkit.engine import Engine


class TextError(AssertionError):
    pass


def text_items(parent: pytest.File, spec: dict[str, Any], engine: Engine) -> Iterator[pytest.Item]:
    extra = set(spec) - {"plugin", "documents", "note"}
    if extra:
        raise TextError(f"unknown keys {sorted(extra)} in texts; allowed: documents, note, plugin")
    if "documents" in spec:
        ids = list(spec["documents"])
    else:
        ids = [d.id for d in documents_of(engine, spec.get("plugin"))]
    for doc in ids:
        yield TextItem.from_parent(parent, name=f"citations of {doc}", document=doc, what="quotes")
        yield TextItem.from_parent(parent, name=f"coverage of {doc}", document=doc, what="coverage")


def unaccounted(report: DocumentCoverage) -> list[str]:
    """One line per clause with nothing, or with parts that have nothing."""
    missing = []
    for c in report.unaccounted:
        label = c.clause.label or c.clause.key
        if c.status == NOTHING:
            missing.append(f"{c.clause.key} {label}: nothing implements it, no reason recorded")
        else:
            parts = [p.clause.key for p in c.parts if not p.accounted]
            missing.append(f"{c.clause.key} {label}: nothing for {', '.join(parts)}")
    return missing


class TextItem(pytest.Item):
    def __init__(self, *, document: str, what: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.document = document
        self.what = what

    def runtest(self) -> None:
        from talentkit.testing import shared_engine

        engine = shared_engine()
        doc = engine.registry.documents.get(self.document)
        if doc is None:
            raise TextError(f"no document {self.document!r} is registered")
        if doc.text is None:
            raise TextError(f"{self.document} ships no text (Document.text)")
        if self.what == "quotes":
            problems = check(engine, [self.document])
            if problems:
                raise TextError("\n".join(str(p) for p in problems))
            return
        (report,) = coverage(engine, [doc])
        missing = unaccounted(report)
        if missing:
            raise TextError(
                "not accounted for (implement, or add an Informational with the reason):\n  "
                + "\n  ".join(missing)
            )

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, TextError):
            return f"{self.path.name} :: {self.name}\n  {excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"texts: {self.name}"

"""Coverage of the law: for every clause of a shipped text, what implements it.

A clause (article, numbered measure, unnumbered section) is *implemented* when a rule,
parameter, funding line, scoring item, exit rule, relaxation or validity window cites it or
one of its paragraphs and items; *informational* when only informational entries (clauses
deliberately not checked, each with its reason) cite it; otherwise it has *nothing*, and the
plugin has work to do: implement it or record why not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from talentkit.citations import Use, text_of, uses
from talentkit.engine import Engine
from talentkit.lawtext import Clause, LawText, UnknownKey
from talentkit.programme import Document

IMPLEMENTED = "implemented"
INFORMATIONAL = "informational"
NOTHING = "nothing"


class UnknownTarget(LookupError):
    """Neither a document, a plugin nor a jurisdiction of that name is installed."""


@attrs.frozen
class Part:
    """A paragraph or item of a clause, with the declarations citing it directly."""

    clause: Clause
    depth: int
    uses: tuple[Use, ...]
    accounted: bool


@attrs.frozen
class ClauseCoverage:
    """One article (or measure, or unnumbered section) and its parts, in text order."""

    clause: Clause
    uses: tuple[Use, ...]
    parts: tuple[Part, ...]

    @property
    def status(self) -> str:
        every = [*self.uses, *(u for p in self.parts for u in p.uses)]
        if any(u.kind != "informational" for u in every):
            return IMPLEMENTED
        return INFORMATIONAL if every else NOTHING

    @property
    def parts_accounted(self) -> int:
        return sum(p.accounted for p in self.parts)


@attrs.frozen
class DocumentCoverage:
    document: Document
    whole: tuple[Use, ...]
    """Declarations citing the document as a whole, its title or a chapter heading."""
    clauses: tuple[ClauseCoverage, ...]

    def count(self, status: str) -> int:
        return sum(c.status == status for c in self.clauses)

    @property
    def unaccounted(self) -> list[ClauseCoverage]:
        """Clauses with nothing, or with a paragraph or item that has nothing while
        other parts are implemented."""
        return [c for c in self.clauses if c.status == NOTHING or c.parts_accounted < len(c.parts)]


def documents_of(engine: Engine, target: str | None) -> list[Document]:
    """The documents a target names: a document id, a plugin name or a jurisdiction id;
    all documents for ``None``."""
    docs = engine.registry.documents
    if target is None:
        return list(docs.values())
    if target in docs:
        return [docs[target]]
    owned = {
        p.document
        for pid, p in engine.registry.programmes.items()
        if engine.registry.owners.get(pid) == target
    }
    found = [d for d in docs.values() if d.id in owned or d.jurisdiction == target]
    if not found:
        known = sorted({*docs, *engine.registry.owners.values()})
        raise UnknownTarget(f"no document, plugin or jurisdiction {target!r}; known: {known}")
    return found


def coverage(
    engine: Engine, documents: Iterable[Document], on: dt.date | None = None
) -> list[DocumentCoverage]:
    """Coverage of each document that ships a text (parameters valued as in force ``on``)."""
    every = uses(engine, on)
    out = []
    for doc in documents:
        text = text_of(doc)
        if text is not None:
            out.append(_document(doc, text, [u for u in every if u.cite.document == doc.id]))
    return out


def _document(doc: Document, text: LawText, cited: Sequence[Use]) -> DocumentCoverage:
    by_key: dict[str, list[Use]] = {}
    for use in cited:
        try:
            nodes = text.resolve(use.cite.key) if use.cite.key else ()
        except UnknownKey:
            continue  # reported by the citation check
        for node in nodes:
            by_key.setdefault(node.key, []).append(use)
    clauses = []
    for clause in text.clauses():
        parts = []
        for node, depth, inherited in _parts(clause, bool(by_key.get(clause.key)), 1, by_key):
            own = tuple(by_key.get(node.key, ()))
            below = any(by_key.get(n.key) for n in node.walk())
            parts.append(Part(node, depth, own, accounted=bool(below or inherited)))
        clauses.append(ClauseCoverage(clause, tuple(by_key.get(clause.key, ())), tuple(parts)))
    inside = {n.key for c in text.clauses() for n in c.walk()}
    whole = [u for key, found in by_key.items() if key not in inside for u in found]
    return DocumentCoverage(doc, tuple(dict.fromkeys(whole)), tuple(clauses))


def _parts(
    node: Clause, inherited: bool, depth: int, by_key: dict[str, list[Use]]
) -> Iterable[tuple[Clause, int, bool]]:
    """Each part below a clause, and whether something cites a part above it."""
    for child in node.children:
        yield child, depth, inherited
        yield from _parts(child, inherited or bool(by_key.get(child.key)), depth + 1, by_key)


def as_json(report: Sequence[DocumentCoverage]) -> list[dict[str, Any]]:
    """The coverage as plain data for ``--format json``."""

    def use(u: Use) -> dict[str, Any]:
        return {
            "kind": u.kind,
            "id": u.ref,
            "programme": u.programme or None,
            "key": u.cite.key,
            "note": u.note or None,
        }

    return [
        {
            "document": d.document.id,
            "title": d.document.title,
            "status": d.document.status,
            "whole_document": [use(u) for u in d.whole],
            "totals": {
                "clauses": len(d.clauses),
                IMPLEMENTED: d.count(IMPLEMENTED),
                INFORMATIONAL: d.count(INFORMATIONAL),
                NOTHING: d.count(NOTHING),
                "parts": sum(len(c.parts) for c in d.clauses),
                "parts_accounted": sum(c.parts_accounted for c in d.clauses),
            },
            "clauses": [
                {
                    "key": c.clause.key,
                    "label": c.clause.label or c.clause.key.rsplit("/", 1)[-1],
                    "status": c.status,
                    "uses": [use(u) for u in c.uses],
                    "parts": [
                        {
                            "key": p.clause.key,
                            "label": p.clause.label or p.clause.key.rsplit("/", 1)[-1],
                            "accounted": p.accounted,
                            "uses": [use(u) for u in p.uses],
                        }
                        for p in c.parts
                    ],
                }
                for c in d.clauses
            ],
        }
        for d in report
    ]

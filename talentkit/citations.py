"""Every citation a plugin declares, checked against the text it cites.

:func:`uses` lists each declaration that cites a clause (rule, parameter, funding line,
scoring item, exit rule, relaxation, informational clause, validity window);
:func:`check` asserts that each key names a clause of its document's shipped text and that
each quote stands in that clause verbatim (up to whitespace and the width of brackets and
punctuation; ``……`` marks words left out).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from talentkit.dates import Period
from talentkit.engine import Engine
from talentkit.fundingtext import text_in_force as funding_text_in_force
from talentkit.lawtext import Clause, LawText, Layout, UnknownKey, load, quote_found
from talentkit.money import Money
from talentkit.programme import Document, Programme
from talentkit.rules.base import Rule
from talentkit.text import Citation, Text

_FIELDS = {
    "rules": "rule",
    "funding": "funding",
    "scoring": "scoring",
    "exits": "exit",
    "procedure": "procedure",
    "relaxations": "relaxation",
    "informational": "informational",
    "validity_cite": "validity",
}


@attrs.frozen
class Use:
    """One declaration citing a clause: what kind, its id, and (for some) a note.

    ``note`` holds an informational clause's reason or a parameter's value in force.
    """

    kind: str
    ref: str
    programme: str
    cite: Citation
    note: str = ""
    text: Text | None = None


def uses(engine: Engine, on: dt.date | None = None) -> list[Use]:
    """Every citing declaration of the installed plugins, programmes first, then
    parameters (with the value in force ``on``, default today) and documents' own
    informational clauses."""
    on = on or dt.date.today()
    out: list[Use] = []
    for prog in engine.registry.programmes.values():
        out.extend(
            _programme_uses(
                prog,
                lambda rule: rule.text_in_force(engine.params, on),
                lambda decl: funding_text_in_force(decl, engine.params, on),
            )
        )
    for key, versions in engine.params.by_key.items():
        current = next((p for p in versions if p.in_force(on)), versions[0])
        for version in versions:
            if version.citation is not None and version is current:
                value = shown(version.value) if version.is_set else "(set by the operator)"
                out.append(Use("parameter", key, "", version.citation, value))
    for doc in engine.registry.documents.values():
        for info in doc.informational:
            out.append(Use("informational", doc.id, "", info.cite, info.reason.zh, info.reason))
    return out


def shown(value: Any) -> str:
    """A parameter value as a reader writes it: ``1/3``, ``a, b``, ``k: v``."""
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, Period):
        return value.iso()
    if isinstance(value, Money):
        return value.plain()
    if isinstance(value, (list, tuple)):
        return ", ".join(shown(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {shown(v)}" for k, v in value.items())
    return str(value)


def _programme_uses(
    prog: Programme, as_read: Callable[[Rule], Text], funding_read: Callable[[Any], Any]
) -> Iterator[Use]:
    for name, kind in _FIELDS.items():
        value = getattr(prog, name)
        if name == "validity_cite":
            if value is not None:
                yield Use(kind, prog.id, prog.id, value)
            continue
        for declared in value:
            decl = funding_read(declared) if name in ("funding", "exits", "scoring") else declared
            top = str(getattr(decl, "id", "") or prog.id)
            for ref, text, cite in _citations(decl, top, None, as_read):
                if kind == "informational":
                    yield Use(kind, prog.id, prog.id, cite, decl.reason.zh, decl.reason)
                else:
                    yield Use(kind, ref, prog.id, cite, "", text)


def _citations(
    obj: Any, ref: str, text: Text | None, as_read: Callable[[Rule], Text], depth: int = 0
) -> Iterator[tuple[str, Text | None, Citation]]:
    """Citations anywhere inside a declaration, each with the nearest enclosing id and
    text (a rule's as ``as_read`` renders it)."""
    if isinstance(obj, Citation):
        yield ref, text, obj
        return
    if depth > 20:
        return
    if attrs.has(type(obj)):
        own = getattr(obj, "id", "")
        ref = own if isinstance(own, str) and own else ref
        own_text = as_read(obj) if isinstance(obj, Rule) else getattr(obj, "text", None)
        if not (isinstance(own_text, Text) and own_text.zh) and own != "":
            describe = getattr(obj, "describe", None)  # rules without a text describe themselves
            own_text = describe() if callable(describe) else None
        text = own_text if isinstance(own_text, Text) and own_text.zh else text
        for field in attrs.fields(type(obj)):
            yield from _citations(getattr(obj, field.name), ref, text, as_read, depth + 1)
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            yield from _citations(item, ref, text, as_read, depth + 1)


@functools.lru_cache(maxsize=64)
def _load(path: Path, document: str, layout: Layout) -> LawText:
    return load(path, document, layout)


def text_of(doc: Document) -> LawText | None:
    """The parsed text a document ships, or ``None`` when it ships none."""
    if doc.text is None:
        return None
    return _load(doc.text, doc.id, doc.layout)


@attrs.frozen
class Problem:
    """A citation its text does not bear out."""

    use: Use
    problem: str

    def __str__(self) -> str:
        c = self.use.cite
        where = f"{self.use.kind} {self.use.ref}" + (
            f" ({self.use.programme})"
            if self.use.programme and self.use.kind != "parameter"
            else ""
        )
        return f"{c.key or c.document} {c.article}: {where}: {self.problem}"


def clause_text(text: LawText, key: str) -> str:
    """The text of the article(s) a key points into, as quotes are checked against."""
    nodes = text.resolve(key)
    articles: list[Clause] = []
    for node in nodes:
        article = next(
            (c for c in text.clauses() if any(node.key == n.key for n in c.walk())), node
        )
        if article not in articles:
            articles.append(article)
    return "\n".join(a.full_text() for a in articles)


def check(engine: Engine, documents: Iterable[str] | None = None) -> list[Problem]:
    """Citations whose key names no clause or whose quote is not in its article.

    Documents that ship no text are a problem of their own (one per citing declaration).
    """
    wanted = set(documents) if documents is not None else None
    problems: list[Problem] = []
    for use in uses(engine):
        c = use.cite
        if wanted is not None and c.document not in wanted:
            continue
        doc = engine.registry.documents.get(c.document)
        if doc is None:
            problems.append(Problem(use, f"no document {c.document!r} is registered"))
            continue
        text = text_of(doc)
        if text is None:
            problems.append(Problem(use, f"document {doc.id} ships no text"))
            continue
        if not c.key:
            problems.append(Problem(use, "the citation has no key"))
            continue
        try:
            article = clause_text(text, c.key)
        except UnknownKey as exc:
            problems.append(Problem(use, str(exc)))
            continue
        if c.quote and not quote_found(c.quote, article):
            problems.append(
                Problem(
                    use, f"quote not in the text\n    quote:   {c.quote}\n    article: {article}"
                )
            )
    return problems

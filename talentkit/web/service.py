"""What the API and the page answer, built on the public library and the CLI's own JSON
rows, so that a response of the API is the JSON ``talentkit … --format json`` prints."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import orjson

from talentkit.citations import text_of
from talentkit.cli.check import fact_labels
from talentkit.cli.info import plugin_rows, programme_rows, rules_data
from talentkit.convert import InputError, cohort_entries, json_schema, unstructure
from talentkit.coverage import as_json, coverage
from talentkit.engine import Engine
from talentkit.jsonwriter import compact_utf8
from talentkit.params import ParameterStore
from talentkit.programme import Document, Programme
from talentkit.results import Report
from talentkit.subjects import Award, Event, Profile
from talentkit.text import Lang
from talentkit.textio import repeated_key
from talentkit.web.problems import Problem, from_library, invalid


def with_operator_params(engine: Engine, overrides: Mapping[str, Any]) -> Engine:
    """An engine whose installed parameters carry the operator's values (``--params``),
    so every answer, and the baseline of a what-if, uses them."""
    if not overrides:
        return engine
    store = engine.params.with_overrides(overrides)
    installed = ParameterStore(store.by_key, {})
    installed.overrides.update(store.overrides)
    return Engine(engine.plugins, attrs.evolve(engine.registry, params=installed), engine.hooks)


def exact_json(raw: bytes) -> Any:
    """A request body as JSON with decimals kept exact (money to the fen, never floats)."""
    try:
        data = json.loads(raw, parse_float=Decimal, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise invalid([f"not valid JSON: {exc} @ $"]) from None
    repeated = repeated_key(raw.decode(json.detect_encoding(raw), "surrogatepass"), data)
    if repeated is not None:
        raise invalid([repeated])
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def json_values(obj: Any) -> Any:
    """``obj`` as the JSON values the API answers with (for the pages): written by
    :func:`~talentkit.jsonwriter.compact_utf8` and read back, half the time of
    ``unstructure``'s copy for a report of every programme; that copy where the writer
    declines."""
    data = compact_utf8(obj)
    return unstructure(obj) if data is None else orjson.loads(data)


def check_keys(body: Any, allowed: Sequence[str]) -> None:
    """Unknown keys of a request body are errors, with a did-you-mean."""
    if not isinstance(body, dict):
        raise invalid([f"expected an object, got {type(body).__name__} @ $"])
    errors = []
    for key in body:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), list(allowed), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            errors.append(f"unknown key {key!r}{hint} (allowed: {', '.join(allowed)}) @ $.{key}")
    if errors:
        raise invalid(errors)


@attrs.frozen
class Service:
    engine: Engine

    # -- what is installed -----------------------------------------------------------------

    def plugins(self) -> dict[str, Any]:
        rows, problems = plugin_rows(self.engine)
        return {"plugins": rows, "problems": problems}

    def jurisdictions(self) -> list[dict[str, Any]]:
        reg = self.engine.registry
        out = []
        for j in reg.jurisdictions.values():
            out.append(
                {
                    **unstructure(j),
                    "documents": sorted(
                        d.id for d in reg.documents.values() if d.jurisdiction == j.id
                    ),
                    "programmes": sorted(
                        p.id for p in reg.programmes.values() if p.jurisdiction == j.id
                    ),
                }
            )
        return out

    def document(self, doc_id: str) -> Document:
        docs = self.engine.registry.documents
        if doc_id not in docs:
            close = difflib.get_close_matches(doc_id, list(docs), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise Problem(
                404, "unknown-document", "unknown document", f"no document {doc_id!r}{hint}"
            )
        return docs[doc_id]

    def documents(self) -> list[dict[str, Any]]:
        return [self._document_row(d) for d in self.engine.registry.documents.values()]

    def _document_row(self, d: Document) -> dict[str, Any]:
        return {
            "id": d.id,
            "title": d.title,
            "jurisdiction": d.jurisdiction,
            "status": d.status,
            "number": d.number,
            "date": d.date.isoformat() if d.date else None,
            "issued_by": d.issued_by,
            "source": d.source,
            "has_text": d.text is not None,
            "programmes": sorted(
                p.id for p in self.engine.registry.programmes.values() if p.document == d.id
            ),
        }

    def document_detail(self, doc_id: str) -> dict[str, Any]:
        """A document with its clauses (text as shipped) and what implements each."""
        doc = self.document(doc_id)
        text = text_of(doc)
        found = coverage(self.engine, [doc])
        cov = as_json(found)[0] if found else None
        clauses = []
        if text is not None:
            for clause in text.clauses():
                clauses.append(
                    {"key": clause.key, "label": clause.label, "text": clause.full_text()}
                )
        return {**self._document_row(doc), "clauses": clauses, "coverage": cov}

    def programmes(self, show_all: bool, lang: Lang, on: dt.date) -> list[dict[str, Any]]:
        return programme_rows(self.engine, show_all, lang, on)

    def select(self, selectors: Sequence[str] | None) -> list[Programme]:
        try:
            return self.engine.select(list(selectors) if selectors else None)
        except Exception as exc:
            raise from_library(exc) from None

    def store(self, overrides: Mapping[str, Any] | None) -> ParameterStore:
        try:
            return self.engine.params.with_overrides(overrides) if overrides else self.engine.params
        except Exception as exc:
            raise from_library(exc, ".overrides") from None

    def rules(self, programme: str, on: dt.date) -> list[dict[str, Any]]:
        progs = self.select([programme])
        return unstructure(rules_data(self.engine, progs, self.engine.params, on))  # type: ignore[no-any-return]

    def parameters(self, prefix: str, on: dt.date) -> list[dict[str, Any]]:
        """Each parameter's version in force on ``on``, with its citation."""
        store = self.engine.params
        rows = []
        for key, versions in sorted(store.by_key.items()):
            if not key.startswith(prefix):
                continue
            entry = store.entry(key, on)
            value = store.get(key, on)
            declared = versions[0]
            operator = key in store.overrides
            required = not operator and (entry is None or not entry.is_set)
            rows.append(
                {
                    "key": key,
                    "type": declared.type,
                    "value": None if required else value,
                    "set_by_operator": operator,
                    "required": required,
                    "citation": (entry or declared).citation,
                    "valid_from": entry.valid_from if entry else None,
                    "valid_to": entry.valid_to if entry else None,
                }
            )
        return unstructure(rows)  # type: ignore[no-any-return]

    def schema(self, programmes: Sequence[str] | None = None) -> dict[str, Any]:
        return json_schema(self.engine.registry.facts.values())

    def fact_labels(self) -> dict[str, str]:
        return fact_labels(self.engine)

    def read_facts(self, programmes: Sequence[str]) -> list[str]:
        """The case paths the programmes' rules, reference dates, scores and funding read
        (the same reading the declaration checks make)."""
        from talentkit.declarations import _reads
        from talentkit.subjects import Profile as ProfileType

        paths: set[str] = set()
        for p in self.select(programmes):
            paths.update(path for _, path, root in _reads(p) if root is ProfileType)
        return sorted(paths)

    # -- assessing ---------------------------------------------------------------------------

    def profile(self, data: Any, under: str = ".profile") -> Profile:
        if not isinstance(data, dict):
            raise invalid([f"expected an object, got {type(data).__name__} @ $"], under)
        try:
            return self.engine.load(data, Profile)
        except Exception as exc:
            raise from_library(exc, under) from None

    def assess(
        self,
        profile: Profile,
        programmes: Sequence[str] | None,
        as_of: dt.date | None,
        overrides: Mapping[str, Any] | None,
        assume_calendar: bool = False,
    ) -> Report:
        """The engine's report (the API writes it with
        :func:`talentkit.web.api.json_response`, the pages read :func:`json_values`)."""
        self.store(overrides)  # errors named under $.overrides
        try:
            return self.engine.assess(
                profile,
                list(programmes) if programmes else None,
                as_of=as_of,
                overrides=overrides,
                assume_calendar=assume_calendar,
            )
        except Exception as exc:
            raise from_library(exc) from None

    def compare(
        self,
        profile: Profile,
        overrides: Mapping[str, Any],
        programmes: Sequence[str] | None,
        as_of: dt.date | None,
    ) -> dict[str, Any]:
        self.store(overrides)
        try:
            result = self.engine.compare(
                profile, overrides, list(programmes) if programmes else None, as_of=as_of
            )
        except Exception as exc:
            raise from_library(exc) from None
        return unstructure(result)  # type: ignore[no-any-return]

    def exit(
        self,
        programme: str,
        award: Any,
        event: Any,
        profile: Any,
        as_of: dt.date | None,
        overrides: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        self.store(overrides)
        prog = self.select([programme])[0] if programme else None
        if prog is None or prog.id != programme:
            raise from_library(_not_found(self.engine, programme))
        parsed_award = self._part(
            award if award is not None else {"programme": programme}, Award, ".award"
        )
        parsed_event = self._part(event, Event, ".event")
        parsed_profile = self.profile(profile) if profile is not None else None
        try:
            report = self.engine.exit(
                programme,
                parsed_award,
                parsed_event,
                parsed_profile,
                as_of=as_of,
                overrides=overrides,
            )
        except Exception as exc:
            raise from_library(exc) from None
        return unstructure(report)  # type: ignore[no-any-return]

    def _part(self, data: Any, cls: type[Any], under: str) -> Any:
        if not isinstance(data, dict):
            raise invalid([f"expected an object, got {type(data).__name__} @ $"], under)
        try:
            return self.engine.load(data, cls)
        except Exception as exc:
            raise from_library(exc, under) from None

    def grade(
        self,
        programme: str,
        subjects: Any,
        as_of: dt.date | None,
        overrides: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        self.store(overrides)
        try:
            entries = cohort_entries({"subject": subjects})
            result = self.engine.grade(programme, entries, as_of=as_of, overrides=overrides)
        except ValueError as exc:
            if isinstance(exc, InputError):
                raise from_library(exc) from None
            raise Problem(422, "no-grading", "no grading scheme", str(exc)) from None
        except Exception as exc:
            raise from_library(exc) from None
        return unstructure(result)  # type: ignore[no-any-return]


def _not_found(engine: Engine, programme: str) -> Exception:
    try:
        engine.programme(programme)
    except Exception as exc:
        return exc
    return Problem(404, "unknown-programme", "unknown programme", f"no programme {programme!r}")

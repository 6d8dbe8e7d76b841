"""The web page: browse jurisdiction → document → programme → rule, check a case, what-if,
batch jobs. Server-rendered (Jinja2), bilingual, a little plain JavaScript for the form."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from litestar import Request, Response, Router, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath, FromQuery, MultipartBody
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import File, Redirect, Template
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from talentkit.citations import text_of
from talentkit.cli.info import shown_value
from talentkit.fundingtext import summary_in_force
from talentkit.fundingtext import text_in_force as funding_text_in_force
from talentkit.lawtext import UnknownKey
from talentkit.render import LINE_STATUS, STATUS_WORDS, fact_label, labelled
from talentkit.results import VERDICT_TEXT, Verdict
from talentkit.rules import Status
from talentkit.textio import TextError, decode, repeated_key
from talentkit.web.i18n import FIELDS, WORDS, Lang, word
from talentkit.web.jobs import Jobs, job_columns
from talentkit.web.problems import Problem, invalid
from talentkit.web.service import Service, json_values

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).parent


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    def setup(engine: JinjaTemplateEngine) -> None:
        engine.engine.globals["WORDS"] = WORDS

    return TemplateConfig(
        directory=HERE / "templates", engine=JinjaTemplateEngine, engine_callback=setup
    )


def _lang(value: Any) -> Lang:
    return "en" if value == "en" else "zh"


def _text(value: Any, lang: Lang) -> str:
    """A ``{"zh": …, "en": …}`` text in the page's language."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("zh") or "")
    return "" if value is None else str(value)


def _many(value: Any) -> list[str]:
    """A form field given once, several times, or as a space/comma separated list."""
    values = value if isinstance(value, list) else [value] if value else []
    out: list[str] = []
    for v in values:
        if isinstance(v, str):
            out += [s for s in re.split(r"[\s,，]+", v) if s]
    return list(dict.fromkeys(out))


def _day(value: Any) -> dt.date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise invalid([f"expected a date YYYY-MM-DD, got {value!r} @ $.as_of"]) from None


def parse_case(raw: bytes, name: str) -> Any:
    """A pasted or uploaded case: TOML or JSON (by its name, or by its first character)."""
    try:
        text = decode(raw)
    except TextError as exc:
        raise invalid([f"{exc} @ $"]) from None
    as_json = name.lower().endswith(".json") or (not name and text.lstrip().startswith("{"))
    try:
        if not as_json:
            return tomllib.loads(text, parse_float=Decimal)
        data = json.loads(text, parse_float=Decimal)
    except (ValueError, RecursionError) as exc:
        kind = "JSON" if as_json else "TOML"
        raise invalid([f"not valid {kind}: {exc} @ $"]) from None
    repeated = repeated_key(text, data)  # (TOML refuses a key given twice)
    if repeated is not None:
        raise invalid([repeated])
    return data


def _reads(service: Service, programmes: list[str]) -> list[str]:
    """The paths the form asks for: array filters and cross references dropped."""
    out: set[str] = set()
    for path in service.read_facts(programmes):
        path = path.split(".$.")[0]
        if "[role=" in path:
            out.add(path.split("[role=")[0] + "[].role")
        out.add(re.sub(r"\[[^\]]*\]", "[]", path))
    return sorted(out)


def _form_data(service: Service, programmes: list[str], lang: Lang) -> dict[str, Any]:
    reads = _reads(service, programmes)
    labels: dict[str, str] = {}
    for path in reads:
        _, sep, name = path.partition("facts.")
        spec = service.engine.registry.facts.get(name) if sep else None
        if spec is not None:
            labels[path] = spec.text.get(lang) or name
    rule_ids = {r.id for p in service.select(programmes) for r in p.all_rules()}
    labels.update(_record_labels(service, programmes, lang))
    return {
        "schema": service.schema(),
        "reads": reads,
        "labels": labels,
        "fields": FIELDS if lang == "zh" else {},
        "attestations": sorted(
            p[len("attestations.") :] for p in reads if p.startswith("attestations.")
        ),
        "decisions": sorted(service.engine.input_keys.decisions & rule_ids),
        "words": {
            k: word(k, lang)
            for k in (
                "unset",
                "yes",
                "no",
                "add",
                "remove",
                "approved",
                "rejected",
                "attestations",
                "decisions",
                "attested_by",
                "none",
            )
        },
    }


def _record_labels(service: Service, programmes: list[str], lang: Lang) -> dict[str, str]:
    """What the form's choices ask: an attestation by its question, a decision by the text
    of the rule it decides (``attestations.<key>`` / ``decisions.<rule id>`` → words)."""
    from talentkit.inputkeys import rules_in
    from talentkit.params import UNSET
    from talentkit.rules import Attested

    store = service.engine.params
    today = dt.date.today()

    def param(key: str) -> Any:
        value = store.get(key, today)
        return "?" if value is UNSET else value

    labels: dict[str, str] = {}
    seen: set[int] = set()
    for rule in (r for p in service.select(programmes) for r in rules_in(p, seen)):
        if isinstance(rule, Attested):
            question = rule.rendered_text(param, rule.question).get(lang)
            labels.setdefault(f"attestations.{rule.key}", question)
        if rule.id and rule.text:
            text = rule.rendered_text(param).get(lang)
            shown = f"{text}（{rule.id}）" if lang == "zh" else f"{text} ({rule.id})"
            labels.setdefault(f"decisions.{rule.id}", shown)
    return labels


def page_router(service: Service, jobs: Jobs, max_batch_bytes: int) -> Router:
    engine = service.engine
    labels = service.fact_labels()

    def ctx(request: Request[Any, Any, Any], lang: Lang, **more: Any) -> dict[str, Any]:
        other: Lang = "en" if lang == "zh" else "zh"
        query = dict(request.query_params)
        query["lang"] = other
        switch = str(request.url.path) + "?" + "&".join(f"{k}={v}" for k, v in query.items())
        return {
            "lang": lang,
            "w": lambda key: word(key, lang),
            "t": lambda value: _text(value, lang),
            "switch": switch if request.method == "GET" else f"?lang={other}",
            "other": other,
            **more,
        }

    @get("/", sync_to_thread=False)
    def home(request: Request[Any, Any, Any], lang: FromQuery[str] = "zh") -> Template:
        ln = _lang(lang)
        reg = engine.registry
        today = dt.date.today()
        tree = []
        for j in reg.jurisdictions.values():
            docs = []
            for d in reg.documents.values():
                if d.jurisdiction != j.id:
                    continue
                progs = [
                    {
                        "id": p.id,
                        "name": p.name.get(ln),
                        "enabled": engine.enabled(p, engine.params, today),
                    }
                    for p in reg.programmes.values()
                    if p.document == d.id
                ]
                docs.append({"doc": d, "programmes": progs})
            tree.append({"j": j, "name": j.name.get(ln), "docs": docs})
        return Template("home.html", context=ctx(request, ln, tree=tree))

    @get("/documents/{document_id:str}", sync_to_thread=True)
    def document(
        request: Request[Any, Any, Any], document_id: FromPath[str], lang: FromQuery[str] = "zh"
    ) -> Template:
        ln = _lang(lang)
        detail = service.document_detail(document_id)
        uses: dict[str, list[dict[str, Any]]] = {}
        for c in (detail["coverage"] or {}).get("clauses", []):
            found = list(c["uses"]) + [u for p in c["parts"] for u in p["uses"]]
            uses[c["key"]] = found
        statuses = {c["key"]: c["status"] for c in (detail["coverage"] or {}).get("clauses", [])}
        return Template(
            "document.html",
            context=ctx(request, ln, d=detail, uses=uses, statuses=statuses),
        )

    @get("/programmes/{programme_id:str}", sync_to_thread=True)
    def programme(
        request: Request[Any, Any, Any],
        programme_id: FromPath[str],
        lang: FromQuery[str] = "zh",
        as_of: FromQuery[str] = "",
    ) -> Template:
        ln = _lang(lang)
        try:
            prog = engine.programme(programme_id)
        except Exception as exc:
            raise Problem(404, "unknown-programme", "unknown programme", str(exc)) from None
        on = _day(as_of) or dt.date.today()
        doc = engine.document(prog)
        text = text_of(doc) if doc is not None else None
        store = engine.params
        rows = []
        for r in prog.rules:
            clause = ""
            if r.cite is not None and text is not None and r.cite.key:
                try:
                    clause = "\n".join(c.full_text() for c in text.resolve(r.cite.key))
                except UnknownKey:
                    clause = ""
            params = []
            for key in sorted(set(r.param_keys())):
                entry = store.entry(key, on)
                value = store.get(key, on)
                unset = key not in store.overrides and (entry is None or not entry.is_set)
                params.append(
                    {
                        "key": key,
                        "value": "" if unset else shown_value(value),
                        "unset": unset,
                        "cite": entry.citation.short() if entry and entry.citation else "",
                    }
                )
            rows.append(
                {
                    "id": r.id,
                    "kind": type(r).__name__,
                    "text": r.text_in_force(store, on).get(ln),
                    "cite": r.cite,
                    "clause": clause,
                    "params": params,
                    "soft": r.soft,
                }
            )
        return Template(
            "programme.html",
            context=ctx(
                request,
                ln,
                p=prog,
                name=prog.name.get(ln),
                summary=summary_in_force(prog, store, on).get(ln),
                doc=doc,
                rows=rows,
                on=on,
                funding=[
                    {
                        "id": d.id,
                        "text": funding_text_in_force(d, store, on).text.get(ln),
                        "cite": d.cite,
                    }
                    for d in prog.funding
                ],
                exits=[
                    {
                        "id": e.id,
                        "text": funding_text_in_force(e, store, on).text.get(ln),
                        "cite": e.cite,
                    }
                    for e in prog.exits
                ],
            ),
        )

    @get("/check", sync_to_thread=True)
    def check_form(
        request: Request[Any, Any, Any],
        lang: FromQuery[str] = "zh",
        programme: FromQuery[list[str] | None] = None,
    ) -> Template:
        ln = _lang(lang)
        chosen = _many(programme or [])
        form = (
            json.dumps(_form_data(service, chosen, ln), ensure_ascii=False).replace("</", "<\\/")
            if chosen
            else ""
        )
        progs = [
            {"id": p.id, "name": p.name.get(ln), "jurisdiction": p.jurisdiction}
            for p in engine.registry.programmes.values()
        ]
        return Template(
            "check.html",
            context=ctx(request, ln, programmes=progs, chosen=chosen, form=form),
        )

    def _case(data: dict[str, Any]) -> Any:
        """The case from the generated form, an upload, or pasted text (in that order)."""
        if isinstance(data.get("case_json"), str) and data["case_json"].strip():
            return parse_case(data["case_json"].encode(), "form.json")
        upload = data.get("case_file")
        if isinstance(upload, UploadFile) and upload.filename:
            return parse_case(upload.file.read(1 << 20), upload.filename)
        if isinstance(data.get("case_text"), str) and data["case_text"].strip():
            return parse_case(data["case_text"].encode(), "")
        raise invalid(["no case given: fill in the form, upload a file or paste one @ $"])

    def _answer(report: dict[str, Any], ln: Lang) -> list[dict[str, Any]]:
        out = []
        for a in report["assessments"]:
            verdict = Verdict(a["verdict"])
            funding = a.get("funding") or {}
            total = (funding.get("total") or {}).get("yuan")
            out.append(
                {
                    "a": a,
                    "name": _text(a["name"], ln),
                    "verdict": VERDICT_TEXT[verdict].get(ln),
                    "verdict_class": verdict.value,
                    "money": total,
                    "complete": funding.get("complete", True),
                    "missing": list(dict.fromkeys(fact_label(m, ln, labels) for m in a["missing"])),
                    "review": [_text(r, ln) for r in a["review"]],
                    "lines": [
                        {
                            **line,
                            "status_text": _pair(
                                LINE_STATUS.get(line["status"]), ln, line["status"]
                            ),
                            "basis_text": _text(line.get("basis"), ln),
                        }
                        for line in funding.get("lines", [])
                    ],
                }
            )
        return out

    def _checks(checks: list[dict[str, Any]], ln: Lang, depth: int = 0) -> list[dict[str, Any]]:
        rows = []
        for c in checks:
            status = Status(c["status"])
            rows.append(
                {
                    "c": c,
                    "depth": depth,
                    "status": _pair(STATUS_WORDS.get(status), ln, c["status"]),
                    "text": _text(c["text"], ln),
                    "detail": labelled(_text(c.get("detail"), ln), ln, labels),
                    "missing": [fact_label(m, ln, labels) for m in c["missing"]],
                    "hints": [labelled(_text(h, ln), ln, labels) for h in c.get("hints", [])],
                }
            )
            if status is not Status.PASS or depth == 0:
                rows += _checks(c.get("children", []), ln, depth + 1) if depth < 2 else []
        return rows

    @post("/check", sync_to_thread=True)
    def check_result(
        request: Request[Any, Any, Any], data: MultipartBody[dict[str, Any]]
    ) -> Template | Response[Any]:
        ln = _lang(data.get("lang") or request.query_params.get("lang"))
        chosen = _many(data.get("programmes") or data.get("programme"))
        on = _day(data.get("as_of"))
        case = _case(data)
        profile = service.profile(case, "")
        report = json_values(service.assess(profile, chosen or None, on, None))
        if data.get("download"):
            return Response(
                content=json.dumps(report, ensure_ascii=False, indent=2),
                media_type="application/json",
                headers={"Content-Disposition": 'attachment; filename="talentkit-check.json"'},
            )
        answer = _answer(report, ln)
        details = [{"a": item, "checks": _checks(item["a"]["checks"], ln)} for item in answer]
        keys = sorted(
            {k for a in report["assessments"] for c in a["checks"] for k in _param_keys(c)}
        )
        return Template(
            "result.html",
            context=ctx(
                request,
                ln,
                report=report,
                answer=answer,
                details=details,
                case_json=json.dumps(case, ensure_ascii=False, default=str),
                chosen=" ".join(chosen),
                as_of=data.get("as_of") or "",
                param_keys=keys,
                today=dt.date.today().isoformat(),
            ),
        )

    @post("/compare", sync_to_thread=True)
    def compare(request: Request[Any, Any, Any], data: MultipartBody[dict[str, Any]]) -> Template:
        ln = _lang(data.get("lang"))
        chosen = _many(data.get("programmes"))
        case = _case(data)
        key = str(data.get("param_key") or "").strip()
        raw = str(data.get("param_value") or "").strip()
        if not key:
            raise invalid(["choose a parameter @ $.param_key"])
        value = _param_value(raw)
        profile = service.profile(case, "")
        result = service.compare(profile, {key: value}, chosen or None, _day(data.get("as_of")))
        return Template(
            "compare.html",
            context=ctx(request, ln, result=result, key=key, value=raw),
        )

    @get("/batch", sync_to_thread=False)
    def batch_form(request: Request[Any, Any, Any], lang: FromQuery[str] = "zh") -> Template:
        return Template("batch.html", context=ctx(request, _lang(lang)))

    @post("/batch", request_max_body_size=max_batch_bytes)
    async def batch_start(
        request: Request[Any, Any, Any], data: MultipartBody[dict[str, Any]]
    ) -> Redirect:
        ln = _lang(data.get("lang"))
        upload = data.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise invalid(["choose a file @ $.file"])
        content = await upload.read()
        chosen = _many(data.get("programmes")) or None
        service.select(chosen)
        wide = data.get("wide") in ("on", "true", "1")  # a checkbox: "on" when ticked
        columns = job_columns(" ".join(_many(data.get("columns"))) or None, wide)  # empty: all
        status = jobs.start(
            upload.filename,
            content,
            chosen,
            _day(data.get("as_of")) or dt.date.today(),
            None,
            columns,
            wide,
        )
        return Redirect(f"/batch/{status['id']}?lang={ln}")

    @get("/batch/{job_id:str}", sync_to_thread=False)
    def batch_status(
        request: Request[Any, Any, Any], job_id: FromPath[str], lang: FromQuery[str] = "zh"
    ) -> Template:
        ln = _lang(lang)
        return Template("job.html", context=ctx(request, ln, job=jobs.status(job_id, ln)))

    @get("/batch/{job_id:str}/{which:str}", sync_to_thread=False)
    def batch_file(
        job_id: FromPath[str], which: FromPath[str], lang: FromQuery[str] = "zh"
    ) -> File:
        """A job's results, or its error rows in the page's language."""
        if which not in ("results", "errors"):
            raise Problem(404, "not-found", "not found", f"no {which!r} file")
        return File(
            jobs.file(job_id, which, _lang(lang)),
            filename=f"{which}.jsonl",
            media_type="application/x-ndjson",
        )

    static = create_static_files_router(path="/static", directories=[HERE / "static"])
    return Router(
        path="/",
        route_handlers=[
            home,
            document,
            programme,
            check_form,
            check_result,
            compare,
            batch_form,
            batch_start,
            batch_status,
            batch_file,
            static,
        ],
        include_in_schema=False,
    )


def _pair(pair: tuple[str, str] | None, lang: Lang, default: str) -> str:
    if pair is None:
        return default
    return pair[0] if lang == "zh" else pair[1]


def _param_keys(check: dict[str, Any]) -> set[str]:
    keys = {k[len("param:") :] for k in check.get("read", {}) if k.startswith("param:")}
    for m in check.get("missing", []):
        if m.startswith("param:"):
            keys.add(m[len("param:") :])
    for child in check.get("children", []):
        keys |= _param_keys(child)
    return keys


def _param_value(raw: str) -> Any:
    """A what-if value as typed: true/false, an integer, a decimal, or text (dates, 1/3)."""
    if raw in ("true", "false"):
        return raw == "true"
    if re.fullmatch(r"-?\d+", raw):
        return int(raw)
    if re.fullmatch(r"-?\d+\.\d+", raw):
        return Decimal(raw)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            return raw
    return raw

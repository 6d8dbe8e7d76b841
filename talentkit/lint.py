"""``talentkit lint``: every check of a plugin's declarations, for its author.

The load-time checks (:mod:`talentkit.declarations`, hook signatures, conflicts) plus
checks of citations: every rule, funding line, exit rule, relaxation and informational
clause cites a registered document and an article, and every parameter with a value
cites where the text states it (or, for an operator's default, says so in its note).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from talentkit.engine import Engine
from talentkit.manager import PluginProblem
from talentkit.text import Citation


class UnknownPlugin(LookupError):
    """A plugin name given to lint is not loaded."""


def lint(engine: Engine, plugins: Sequence[str] = ()) -> list[PluginProblem]:
    """The problems of the named plugins (all when none is named), in load order.

    :raises UnknownPlugin: a name is not a loaded plugin (with suggestions).
    """
    loaded = {p.name for p in engine.plugins.info()}
    reported = {p.plugin for p in engine.problems}
    for name in plugins:
        if name not in loaded | reported:
            close = difflib.get_close_matches(name, sorted(loaded), n=2)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UnknownPlugin(f"no plugin {name!r} is loaded{hint}")
    found = [*engine.problems, *_citations(engine)]
    return [p for p in found if not plugins or p.plugin in plugins]


def _citations(engine: Engine) -> list[PluginProblem]:
    reg = engine.registry
    out: list[PluginProblem] = []

    def check(plugin: str, pid: str, what: str, cite: Citation | None) -> None:
        if cite is None:
            return  # a rule without citation is a load-time problem already
        if cite.document not in reg.documents:
            close = difflib.get_close_matches(cite.document, list(reg.documents), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            out.append(
                PluginProblem(
                    plugin,
                    f"{what} cites unregistered document {cite.document!r}{hint}",
                    "register the document in talentkit_add_documents or fix the code",
                    programme=pid,
                )
            )
        if not cite.article.strip():
            out.append(
                PluginProblem(
                    plugin,
                    f"{what} cites no article of {cite.document}",
                    "give the article as the text writes it (第N条, 第三章第1段…)",
                    programme=pid,
                )
            )

    for pid, prog in reg.programmes.items():
        owner = reg.owners.get(pid, "?")
        for rule in prog.rules:
            check(prog.sources.get(rule.id, owner), pid, f"rule {rule.id}", rule.cite)
        for group, kind in (
            (prog.funding, "funding line"),
            (prog.exits, "exit rule"),
            (prog.relaxations, "relaxation"),
            (prog.scoring, "score item"),
        ):
            for decl in group:
                check(owner, pid, f"{kind} {decl.id}", decl.cite)
        for info in prog.informational:
            check(owner, pid, "informational clause", info.cite)
    for key, versions in reg.params.by_key.items():
        for p in versions:
            uncited = p.citation is None or not p.citation.article.strip()
            if p.is_set and uncited and not p.note:  # an operator default says why in a note
                out.append(
                    PluginProblem(
                        reg.param_owners.get(key, "?"),
                        f"parameter {key!r} ({p.source}) has a value but no citation",
                        "add document, article and quote to its [[param]] table; for an "
                        "operator's default the text does not give, say so in its note",
                    )
                )
    return out

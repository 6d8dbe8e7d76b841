"""A small valid programme the defect plugins start from."""

from __future__ import annotations

from talentkit import Citation, Compare, Document, P, Parameter, Programme, Rule, Text

CITE = Citation(document="LINT-1", article="第1条")
DOCUMENT = Document(id="LINT-1", title="示例办法", jurisdiction="lintland")
SIZE = Parameter(key="lint.min_size", type="int", value=5, citation=CITE)


def size_rule(rule_id: str, text: Text) -> Compare:
    return Compare(
        id=rule_id,
        fact="team.facts.lint.size",
        op=">=",
        value=P(SIZE.key),
        cite=CITE,
        text=text,
    )


def programme(pid: str, *rules: Rule) -> Programme:
    base = size_rule(f"{pid}.size", Text("团队不少于{min_size}人", "at least {min_size} members"))
    return Programme(
        id=pid,
        jurisdiction="lintland",
        document="LINT-1",
        name=Text(pid, pid),
        subject="team",
        rules=(base, *rules),
    )

"""Labels of the closed value sets of the input: what a code such as ``doctor`` is called
in Chinese and English (``博士`` / ``doctorate``).

Each value set carries its labels where its values are declared: the ``Literal`` fields of
the subjects (:data:`talentkit.subjects.FIELD_LABELS`) and the ``labels`` of a
:class:`~talentkit.FactSpec` with ``values``. A value without a label, or a label for no
value, is a declaration problem (:func:`label_problems`, reported at load and by
``talentkit lint``). Output for people shows the labels; JSON keeps the codes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from talentkit.text import Lang, Text

ValueSet = Mapping[str, Text]
"""The label of each value of one closed set."""

_FACT = re.compile(r"(?:^|\.)facts\.(?P<name>.+)$")
_SELECT = re.compile(r"\[[^\]]*\]")


def label_problems(values: Iterable[str], labels: ValueSet) -> list[str]:
    """What is wrong with the labels of a value set: values without a label, labels of no
    value, labels without both languages."""
    values = list(values)
    problems = []
    unlabelled = [v for v in values if v not in labels]
    if unlabelled:
        problems.append(f"value(s) without a label: {', '.join(unlabelled)}")
    stray = [v for v in labels if v not in values]
    if stray:
        problems.append(f"label(s) for no value: {', '.join(stray)}")
    empty = [v for v, text in labels.items() if v in values and not (text.zh and text.en)]
    if empty:
        problems.append(f"label(s) without both Chinese and English: {', '.join(empty)}")
    return problems


@attrs.frozen
class ValueLabels:
    """The labels of every value set, found from a fact path.

    :param facts: by declared fact name (``shaanxi.fin_size``)
    :param fields: by field name of the subjects (``degree``)
    """

    facts: Mapping[str, ValueSet] = attrs.field(factory=dict)
    fields: Mapping[str, ValueSet] = attrs.field(factory=dict)

    def of(self, path: str) -> ValueSet:
        """The labels of the values at ``path`` (empty when the set has none)."""
        fact, name = _value_set(path)
        return (self.facts if fact else self.fields).get(name, {})

    def show(self, path: str, value: Any, lang: Lang, sep: str = ", ") -> str:
        """``value`` as a reader knows it: the label of a code, each label of a list of
        codes; any other value (or a code without a label) as it is."""
        return _show(self.of(path), value, lang, sep)

    def both(self, path: str, value: Any) -> Text:
        """:meth:`show` in both languages."""
        labels = self.of(path)
        return Text(_show(labels, value, "zh", "、"), _show(labels, value, "en", ", "))


def _show(labels: ValueSet, value: Any, lang: Lang, sep: str) -> str:
    if isinstance(value, str):
        return labels[value].get(lang) if value in labels else value
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return sep.join(labels[v].get(lang) if v in labels else v for v in value)
    return str(value)


@functools.lru_cache(maxsize=4096)
def _value_set(path: str) -> tuple[bool, str]:
    """Where the labels of the values at ``path`` are kept: (True, a declared fact's
    name) or (False, a subject's field name); the path parsed once (rules show the
    same few paths for every case)."""
    m = _FACT.search(path)
    if m:
        return True, m.group("name")
    return False, _SELECT.sub("", path).rsplit(".", 1)[-1]


def model_labels() -> ValueLabels:
    """The labels of the subjects' own value sets (degree, gender, title level…)."""
    from talentkit.subjects import FIELD_LABELS

    return ValueLabels(fields=FIELD_LABELS)


def coded_parameters(programmes: Iterable[Any]) -> dict[str, str]:
    """Parameter key → the fact path whose codes the parameter lists or holds, for every
    parameter a rule compares a fact with (``OneOf(fact, values=P(key))``,
    ``Compare(fact, value=P(key))``): its value is shown with that fact's labels."""
    from talentkit.rules.compare import Compare, OneOf
    from talentkit.rules.refs import P

    found: dict[str, str] = {}
    seen: set[int] = set()

    def walk(node: Any) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, (list, tuple)):
            for item in node:
                walk(item)
            return
        if not attrs.has(type(node)):
            return
        if isinstance(node, OneOf) and isinstance(node.values, P):
            found.setdefault(node.values.key, node.fact)
        if isinstance(node, Compare) and isinstance(node.value, P):
            found.setdefault(node.value.key, node.fact)
        for field in attrs.fields(type(node)):
            walk(getattr(node, field.name))

    for programme in programmes:
        walk(programme)
    return found


def described(rule: Any, labels: ValueLabels, param: Callable[[str], Any] | None = None) -> Text:
    """A rule's own text, or its description with the values it compares a fact with, codes
    by their labels (``pilot.level 为 省级`` rather than ``为 provincial``); a parameter's
    value is shown when ``param`` gives it."""
    from talentkit.rules.compare import OP_WORDS, Compare, OneOf
    from talentkit.rules.refs import P

    if getattr(rule, "text", None):
        return rule.text  # type: ignore[no-any-return]

    def value_of(ref: Any) -> Any:
        if isinstance(ref, P):
            got = param(ref.key) if param is not None else None
            return got if isinstance(got, (str, int, list, tuple)) else None
        return ref

    if isinstance(rule, OneOf) and rule.mode != "prefix":
        values = value_of(rule.values)
        if isinstance(values, (list, tuple)):
            listed = labels.both(rule.fact, [str(v) for v in values])
            return Text(f"{rule.fact} 属于：{listed.zh}", f"{rule.fact} is one of: {listed.en}")
        if isinstance(rule.values, P):
            key = rule.values.key
            return Text(
                f"{rule.fact} 属于参数 {key} 所列值",
                f"{rule.fact} is one of the values of parameter {key}",
            )
    if isinstance(rule, Compare) and isinstance(value_of(rule.value), str):
        zh, en = OP_WORDS[rule.op]
        value = labels.both(rule.fact, value_of(rule.value))
        return Text(f"{rule.fact} {zh} {value.zh}", f"{rule.fact} {en} {value.en}")
    return rule.describe()  # type: ignore[no-any-return]

"""Honours and titles a programme confers on selection (a certificate, a plaque, a named
recognition such as 「三秦学者」), and their withdrawal by the exit rules that end them."""

from __future__ import annotations

import attrs

from talentkit.choices import PayeeKind, choice
from talentkit.rules import Rule, Status
from talentkit.rules.context import Context
from talentkit.text import Citation, Text


@attrs.frozen(kw_only=True)
class Title:
    """A title the programme confers on selection, held by ``holder``.

    :param text: the title as the text names it, and what it is (certificate, plaque)
    :param condition: the title is conferred only when this rule holds (unknown: the
        title is listed as undetermined with the facts it needs)
    """

    id: str
    cite: Citation
    text: Text
    holder: PayeeKind = attrs.field(validator=choice(PayeeKind))
    condition: Rule | None = None


@attrs.frozen(kw_only=True)
class TitleResult:
    """A title the case is conferred (``pass``) or may be (``unknown``, with ``missing``)."""

    id: str
    text: Text
    citation: Citation
    holder: PayeeKind = attrs.field(validator=choice(PayeeKind))
    status: Status = Status.PASS
    missing: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class WithdrawnTitle:
    """A title an exit outcome withdraws."""

    id: str
    text: Text
    citation: Citation
    holder: PayeeKind = attrs.field(validator=choice(PayeeKind))


def conferred(title: Title, ctx: Context) -> TitleResult | None:
    """The title for this case; None where its condition does not hold."""
    if title.condition is None:
        return _result(title)
    check = title.condition.evaluate(ctx)
    return conferred_on(title, check.status, check.missing)


def conferred_on(title: Title, status: Status, missing: tuple[str, ...]) -> TitleResult | None:
    """The title for a case whose condition is decided ``status``, missing ``missing``."""
    if status in (Status.FAIL, Status.NA):
        return None
    if status is Status.PASS:
        return _result(title)
    return _result(title, Status.UNKNOWN, missing)


def _result(
    title: Title, status: Status = Status.PASS, missing: tuple[str, ...] = ()
) -> TitleResult:
    return TitleResult(
        id=title.id,
        text=title.text,
        citation=title.cite,
        holder=title.holder,
        status=status,
        missing=missing,
    )

"""Tables whose first column is an identifier people copy (a programme id, rule id or
parameter key): the identifier is never cut with "…" nor folded across lines.

Where the terminal is wide enough, the identifier column is exactly as wide as the longest
identifier and the other columns share the rest, their long texts wrapping. Where it is
not, each row is stacked: the identifier on a line of its own (never wrapped, even when it
is wider than the terminal), then the row's texts wrapped below it, indented.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text as RText

#: Room a table needs per column besides its content: a border and a space either side.
COLUMN_EDGE = 3


@attrs.frozen
class Column:
    """A column after the identifier.

    :param min_width: the narrowest the column may be before the rows are stacked
    :param ratio: its share of the width left after the identifier column
    :param inline: in the stacked layout, shown after the identifier on its line (for short
        words such as a type); otherwise shown wrapped below it
    """

    header: str
    min_width: int = 10
    ratio: int = 1
    inline: bool = False


Cell = str | RText


def table_fits(width: int, longest_id: int, columns: Sequence[Column], lead: int = 0) -> bool:
    """Whether a table with the identifier column ``longest_id`` wide, ``lead`` columns of
    fixed width before it and ``columns`` at their narrowest fits in ``width``."""
    edges = COLUMN_EDGE * (len(columns) + 1) + 1
    return width >= lead + longest_id + edges + sum(c.min_width for c in columns)


def print_id_table(
    console: Console,
    id_header: str,
    columns: Sequence[Column],
    rows: Sequence[tuple[Cell, ...]],
    *,
    title: Cell | None = None,
    caption: str | None = None,
    show_lines: bool = False,
) -> None:
    """Print ``rows`` (identifier first, then one cell per column) as a table or stacked."""
    longest = longest_id(id_header, rows)
    if table_fits(console.width, longest, columns):
        console.print(
            id_table(id_header, columns, rows, title=title, caption=caption, show_lines=show_lines)
        )
        return
    if title is not None:  # its first line names an identifier: never folded
        head, *rest = (RText(title) if isinstance(title, str) else title).split("\n")
        console.print(head, style="bold", soft_wrap=True)
        for line in rest:
            console.print(line)
    for i, row in enumerate(rows):
        if show_lines and i:
            console.print()
        console.print(stacked_row(row, columns), soft_wrap=True)
        for cell, col in zip(row[1:], columns, strict=True):
            if not col.inline and str(cell).strip():
                console.print(indented(cell))
    if caption:
        console.print(caption, style="dim")


def longest_id(id_header: str, rows: Sequence[tuple[Cell, ...]]) -> int:
    return max([len(id_header), *(len(str(r[0])) for r in rows)])


def id_table(
    id_header: str,
    columns: Sequence[Column],
    rows: Sequence[tuple[Cell, ...]],
    *,
    title: Cell | None = None,
    caption: str | None = None,
    show_lines: bool = False,
) -> Table:
    """The table layout alone, its identifier column as wide as the longest identifier; for
    a caller that has checked with :func:`table_fits` that it fits where it is shown."""
    table = Table(title=title, caption=caption, show_lines=show_lines, expand=True)
    table.add_column(id_header, no_wrap=True, width=longest_id(id_header, rows))
    for c in columns:
        table.add_column(c.header, ratio=c.ratio, min_width=c.min_width, overflow="fold")
    for row in rows:
        table.add_row(*(RText(x) if isinstance(x, str) else x for x in row))
    return table


def stacked_row(row: tuple[Cell, ...], columns: Sequence[Column]) -> RText:
    """The identifier line of a stacked row: the identifier, then the short inline cells."""
    line = RText.assemble((str(row[0]), "bold"))
    for cell, col in zip(row[1:], columns, strict=True):
        if col.inline and str(cell).strip():
            line.append("  ")
            line.append(cell if isinstance(cell, RText) else RText(cell, style="dim"))
    return line


def indented(cell: Cell | RenderableType, by: int = 2) -> Padding:
    return Padding(RText(cell) if isinstance(cell, str) else cell, (0, 0, 0, by), expand=False)

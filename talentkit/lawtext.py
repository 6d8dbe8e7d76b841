"""Policy texts split by their own numbering into clauses with stable keys.

A plugin ships the text of each document it cites and points its ``Document`` at the file;
:func:`parse` reads the numbering the text itself uses (``第N章``, ``第N条``, ``一、``,
``1、``, ``（一）``/``（1）``, ``1.``) and returns a tree whose keys are the ones citations carry:
``YQ-TEAM/ch2/art7/(1)/2``. Keys below a clause that the tree does not hold as nodes are
resolved by :meth:`LawText.resolve`: sentences (``s2``, counted over the clause's whole text),
ranges of siblings (``art20-22``, ``(1)-(6)``, ``s1-s3``) and lists of them (``art24,27``).

How the texts as published are read (each rule is what the text itself shows):

- A paragraph that does not end a sentence (no 。；：！？) and is followed by an unnumbered
  line is a page break inside a sentence: the two are joined.
- An unnumbered paragraph indented by whitespace starts a clause of its own whose number the
  text lost (``YQ-TPY`` chapter 3); it is keyed by its position in the chapter, ``ch3/p2``.
- Text before the first number is the ``title`` (not a clause: nothing implements a title),
  or the named sections of :attr:`Layout.front`.
- Other unnumbered paragraphs continue the clause above them; a clause with more than one
  paragraph has ``p1``, ``p2``… children and its items belong to the paragraph they follow.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

_NUM = "零〇一二三四五六七八九十百"
_CN = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
_END = "。；：！？;:!?"


def cn_number(text: str) -> int:
    """``二十二`` → 22, ``一百零三`` → 103, ``7`` → 7."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN[ch]
    return total + current


@attrs.frozen
class Layout:
    """What a document's numbering means, where the defaults do not fit.

    :param chapters_in_keys: chapter numbers are part of article keys (``ch2/art7``);
        needed where article numbers repeat across chapters
    :param front: named unnumbered sections before the first numbered line, each with the
        start of the line that opens it (``("cover", "忻科〔2020〕6号")``); without it, all
        text before the first number is ``title``
    :param sentence_base: the number of a clause's first sentence (``0`` where the first
        sentence is the clause's own heading, as in ``1、大力支持引进高精尖缺人才。``)
    :param start, end: where the document begins and ends, for a file holding several
        (the start of the first line, and of the line after the last)
    """

    chapters_in_keys: bool = True
    front: tuple[tuple[str, str], ...] = ()
    sentence_base: int = 1
    start: str = ""
    end: str = ""


@attrs.frozen
class Clause:
    """One node of a text: chapter, article, paragraph, item or unnumbered section.

    ``key`` is the full stable key; ``label`` the number as the text writes it (``第七条``,
    ``（一）``); ``text`` the clause's own words, without its number or its children (lines
    of a title or front section kept apart by newlines).
    """

    key: str
    kind: str
    label: str
    text: str
    children: tuple[Clause, ...] = ()

    def full_text(self) -> str:
        """The clause with everything under it, numbers included, as one string."""
        parts = [f"{self.label}{self.text}" if self.kind in _LABELLED else self.text]
        parts += [c.full_text() for c in self.children]
        return "\n".join(p for p in parts if p)

    def walk(self) -> Iterator[Clause]:
        yield self
        for c in self.children:
            yield from c.walk()


_LABELLED = {"article", "item", "subitem", "part", "measure", "chapter"}


class UnknownKey(LookupError):
    """A citation key that names no clause of its document."""


@attrs.frozen
class LawText:
    """A parsed document: ``root`` holds the whole text, ``index`` every node by key."""

    document: str
    root: Clause
    layout: Layout
    index: dict[str, Clause] = attrs.field(eq=False, repr=False)

    def clauses(self) -> Iterator[Clause]:
        """The numbered or named clauses (articles, measures, unnumbered sections) in order."""
        for node in self.root.walk():
            if node.kind in _CLAUSES:
                yield node

    def resolve(self, key: str) -> Sequence[Clause]:
        """The clauses a citation key names (several for a range), or ``UnknownKey``.

        A trailing sentence segment (``s2``, ``s1-s3``) must exist in the clause above it,
        which is returned.
        """
        if key == self.document:
            return (self.root,)
        if not key.startswith(self.document + "/"):
            raise UnknownKey(f"{key!r} is not a key of document {self.document}")
        segments = key[len(self.document) + 1 :].split("/")
        if "," in segments[-1]:  # a list of siblings the text does not number in a row
            head = "/".join((self.document, *segments[:-1]))
            parts = segments[-1].split(",")
            kind = parts[0].rstrip("0123456789")  # ``art24,27``: 27 is an article too
            return tuple(
                clause
                for part in parts
                for clause in self.resolve(f"{head}/{kind if part[:1].isdigit() else ''}{part}")
            )
        node = self.root
        prefix = self.document
        for i, seg in enumerate(segments):
            last = i == len(segments) - 1
            sentence = re.fullmatch(r"s(\d+)(?:-s?(\d+))?", seg)
            if sentence and last:
                count = len(sentences(node.full_text())) - 1 + self.layout.sentence_base
                first = int(sentence[1])
                final = int(sentence[2] or first)
                if not self.layout.sentence_base <= first <= final <= count:
                    raise UnknownKey(
                        f"{key!r}: {node.key} has sentences s{self.layout.sentence_base}–s{count}"
                    )
                return (node,)
            span = re.fullmatch(r"([a-z]*)(\d+|\(\d+\))-([a-z]*)(\d+|\(\d+\))", seg)
            if span and last:
                kind = span[1]
                a, b = f"{kind}{span[2]}", f"{span[3] or kind}{span[4]}"
                # siblings in text order (articles may sit in chapters their keys omit)
                level = [
                    n
                    for k, n in self.index.items()
                    if "/" in k
                    and k.rsplit("/", 1)[0] == prefix
                    and k.rsplit("/", 1)[1][:1] == a[:1]
                ]
                keys = [n.key for n in level]
                ka, kb = f"{prefix}/{a}", f"{prefix}/{b}"
                if ka not in keys or kb not in keys or keys.index(ka) > keys.index(kb):
                    raise UnknownKey(f"{key!r}: no range {a}–{b} under {node.key}")
                return tuple(level[keys.index(ka) : keys.index(kb) + 1])
            child = self.index.get(f"{prefix}/{seg}")
            if child is None:
                under = ", ".join(c.key.rsplit("/", 1)[-1] for c in node.children) or "nothing"
                raise UnknownKey(f"{key!r}: no {seg!r} under {node.key} (it holds: {under})")
            node, prefix = child, child.key
        return (node,)


_CLAUSES = {"article", "measure", "front", "unnumbered"}


def sentences(text: str) -> list[str]:
    """Sentences ending in 。！？ (a ； separates clauses inside one sentence)."""
    flat = "".join(text.split())
    return [s for s in re.split(r"(?<=[。！？])", flat) if s]


# -- parsing --------------------------------------------------------------------------------

#: how each kind of numbered line starts; compiled when a text is first parsed (a command
#: that reads no policy text never needs them)
_PATTERN_TEXTS: tuple[tuple[str, str], ...] = (
    ("chapter", rf"第([{_NUM}\d]+)章\s*(.*)"),
    ("article", rf"第([{_NUM}\d]+)条\s*(.*)"),
    ("part", rf"([{_NUM}]+)、\s*(.*)"),
    ("measure", r"(\d+)、\s*(.*)"),
    ("item", rf"[（(]\s*([{_NUM}\d]+)\s*[)）]\s*(.*)"),
    ("subitem", r"(\d+)[.．]\s*(.*)"),
)


@functools.cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((kind, re.compile(text)) for kind, text in _PATTERN_TEXTS)


_KEY = {"chapter": "ch{}", "article": "art{}", "part": "pt{}", "measure": "m{}"}
_DEPTH = {"chapter": 0, "part": 0, "article": 1, "measure": 1, "item": 3, "subitem": 4}


@attrs.define
class _Node:
    kind: str
    seg: str
    label: str
    lines: list[str]
    children: list[_Node] = attrs.field(factory=list)
    indented: bool = False


def parse(text: str, document: str, layout: Layout | None = None) -> LawText:
    """Split a document's text into clauses keyed as its citations key them."""
    layout = layout or Layout()
    root = _Node("document", "", "", [])
    stack: list[_Node] = [root]
    front = list(layout.front) or [("title", "")]
    for raw in _body(text, layout):
        line = raw.strip()
        if not line:
            continue
        numbered = _numbered(line)
        if numbered is None and front and front[0][1] and line.startswith(front[0][1]):
            name = front.pop(0)[0]
            node = _Node("title" if name == "title" else "front", name, "", [line])
            root.children.append(node)
            stack = [root, node]
            continue
        if numbered is None:
            _add_text(stack, root, line, indented=raw[:1].isspace(), front=front)
            continue
        front.clear()
        kind, number, rest = numbered
        seg = f"({number})" if kind == "item" else str(number)
        seg = _KEY.get(kind, "{}").format(seg) if kind in _KEY else seg
        label = line[: len(line) - len(rest)].strip()
        node = _Node(kind, seg, label, [rest] if rest else [])
        while len(stack) > 1 and _depth(stack[-1]) >= _DEPTH[kind]:
            stack.pop()
        parent = stack[-1]
        if kind in ("item", "subitem") and parent.children and parent.children[-1].kind == "para":
            parent = parent.children[-1]
            stack.append(parent)
        parent.children.append(node)
        stack.append(node)
    built = _build(root, document, layout)
    index = {n.key: n for n in built.walk()}
    return LawText(document=document, root=built, layout=layout, index=index)


def load(path: Path, document: str, layout: Layout | None = None) -> LawText:
    """Read a UTF-8 text file and :func:`parse` it."""
    return parse(path.read_text(encoding="utf-8"), document, layout)


def _body(text: str, layout: Layout) -> list[str]:
    lines = text.splitlines()
    if layout.start:
        starts = [i for i, ln in enumerate(lines) if _squash(ln).startswith(_squash(layout.start))]
        if not starts:
            raise ValueError(f"the text has no line starting {layout.start!r}")
        lines = lines[starts[0] :]
    if layout.end:
        ends = [
            i for i, ln in enumerate(lines) if i and _squash(ln).startswith(_squash(layout.end))
        ]
        if not ends:
            raise ValueError(f"the text has no line starting {layout.end!r}")
        lines = lines[: ends[0]]
    return lines


def _squash(text: str) -> str:
    return "".join(text.split())


def _numbered(line: str) -> tuple[str, int, str] | None:
    for kind, pattern in _patterns():
        m = pattern.match(line)
        if m:
            return kind, cn_number(m[1]), m[2]
    return None


def _depth(node: _Node) -> int:
    # a title or named front section ends at the first numbered line, whatever its level
    return {"para": 2, "unnumbered": 1, "front": 9, "title": 9}.get(
        node.kind, _DEPTH.get(node.kind, -1)
    )


def _add_text(
    stack: list[_Node], root: _Node, line: str, *, indented: bool, front: list[tuple[str, str]]
) -> None:
    current = stack[-1]
    last = _last_line_holder(current)
    broken = last is not None and not last.lines[-1].endswith(tuple(_END))
    if (
        broken
        and last is not None
        and current.kind not in ("chapter", "front", "title", "document")
    ):
        last.lines[-1] += line  # a page break inside a sentence
        return
    if current is root:
        name = front[0][0] if front else "title"
        node = _Node("title" if name == "title" else "front", name, "", [line])
        root.children.append(node)
        stack.append(node)
        return
    chapter = next((n for n in reversed(stack) if n.kind in ("chapter", "part")), None)
    if chapter is not None and (indented or current is chapter):
        while stack[-1] is not chapter:
            stack.pop()
        node = _Node("unnumbered", f"p{len(chapter.children) + 1}", "", [line], indented=True)
        chapter.children.append(node)
        stack.append(node)
        return
    clause = next(n for n in reversed(stack) if n.kind in _CLAUSES or n.kind == "title")
    while stack[-1] is not clause:
        stack.pop()
    if clause.kind in ("front", "title"):
        clause.lines.append(line)
        return
    # a further paragraph: what the clause held so far becomes its first paragraph
    if not any(c.kind == "para" for c in clause.children):
        first = _Node("para", "p1", "", clause.lines, clause.children)
        clause.lines, clause.children = [], [first]
    para = _Node("para", f"p{len(clause.children) + 1}", "", [line])
    clause.children.append(para)
    stack.append(para)


def _last_line_holder(node: _Node) -> _Node | None:
    while node.children:
        node = node.children[-1]
    return node if node.lines else None


def _build(node: _Node, prefix: str, layout: Layout) -> Clause:
    children = []
    for child in node.children:
        if child.kind == "chapter" and not layout.chapters_in_keys:
            # chapters hold articles but are not part of their keys
            inner = _build(child, prefix, layout)
            children.append(attrs.evolve(inner, key=f"{prefix}/{child.seg}"))
            continue
        children.append(_build(child, f"{prefix}/{child.seg}", layout))
    return Clause(
        key=prefix,
        kind=node.kind,
        label=node.label,
        text="\n".join(node.lines),
        children=tuple(children),
    )


# -- quotes ---------------------------------------------------------------------------------

_FULL = str.maketrans(
    {
        ",": "，",
        ";": "；",
        ":": "：",
        "!": "！",
        "?": "？",
        "(": "（",
        ")": "）",
        "[": "［",
        "]": "］",
    }
    | {"“": '"', "”": '"', "‘": "'", "’": "'"}
)


def normalise(text: str) -> str:
    """Text as compared with quotes: no whitespace; full-width forms (U+FF01–FF5E) folded
    to half width, then brackets and punctuation made full-width so both spellings meet;
    curly and straight quotation marks alike. Nothing else changes."""
    flat = "".join(text.split())
    half = "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in flat)
    return half.translate(_FULL)


def quote_found(quote: str, text: str) -> bool:
    """Whether a quote is in the text verbatim; ``……`` marks words left out."""
    haystack = normalise(text)
    at = 0
    for piece in re.split(r"…+|\.{3,}", normalise(quote)):
        if not piece:
            continue
        found = haystack.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True

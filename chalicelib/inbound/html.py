"""HTML-only replies as text, with the quoted original marked the way plain text marks it.

A <blockquote> becomes "> " lines. The containers clients put the original in
without a blockquote (Gmail's gmail_quote, Outlook's divRplyFwdMsg/appendonsend,
Yahoo's yahoo_quoted, Thunderbird's moz-cite-prefix, Apple's AppleOriginalContents)
become a "-----Original Message-----" line, which the cleaner cuts at.

A small scanner of our own, not html.parser: the standard library's tokenizer is
quadratic on unclosed tags ("<a <a <a ..." of 60 KB ran for minutes). Here every
character is looked at a bounded number of times: find the next "<", match one
anchored tag that cannot cross another "<", or skip a comment to its end.
"""
from __future__ import annotations

import html as entities
import re

CUT = "-----Original Message-----"
_CUT_IDS = ("divrplyfwdmsg", "appendonsend", "x_divrplyfwdmsg")
_CUT_CLASSES = ("gmail_quote", "gmail_attr", "yahoo_quoted", "moz-cite-prefix", "applemailoriginalcontents",
                "outlookmessageheader", "ms-outlook-mobile-reference-message", "x_gmail_quote")
_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "section"}
_SKIP = {"script", "style", "head", "title"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]{0,30})([^<>]{0,4000})>")
_ATTR = re.compile(r"""\b(id|class)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


class _Text:
    """Lines of text; a line is built once, when a block ends (no quadratic string growth)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.chunks: list[str] = []
        self.quote = 0

    def data(self, text: str) -> None:
        self.chunks.append(text)

    def newline(self) -> None:
        text = " ".join(entities.unescape("".join(self.chunks)).split())
        self.chunks = []
        if text:
            self.lines.append("> " * self.quote + text)

    def cut(self) -> None:
        self.newline()
        self.lines.append(CUT)


def _attributes(raw: str) -> tuple[str, set[str]]:
    ident, classes = "", set()
    for match in _ATTR.finditer(raw):
        value = (match.group(2) or match.group(3) or match.group(4) or "").lower()
        if match.group(1).lower() == "id":
            ident = value
        else:
            classes |= set(value.split())
    return ident, classes


def to_text(source: str) -> str:
    out, lower, i, n = _Text(), source.lower(), 0, len(source)
    while i < n:
        j = source.find("<", i)
        if j < 0:
            out.data(source[i:])
            break
        out.data(source[i:j])
        if source.startswith("<!--", j):
            end = source.find("-->", j + 4)
            if end < 0:
                break  # an unclosed comment hides the rest, as in a browser
            i = end + 3
            continue
        match = _TAG.match(source, j)
        if match is None:
            out.data("<")
            i = j + 1
            continue
        i = match.end()
        closing, tag = match.group(1) == "/", match.group(2).lower()
        if tag in _SKIP and not closing:
            end = lower.find(f"</{tag}", i)
            i = n if end < 0 else end
            continue
        if not closing:
            ident, classes = _attributes(match.group(3))
            if ident in _CUT_IDS or classes & set(_CUT_CLASSES):
                out.cut()
                return "\n".join(out.lines)
        if tag == "blockquote":
            out.newline()
            out.quote = max(0, out.quote + (-1 if closing else 1))
        elif tag in _BLOCKS:
            out.newline()
    out.newline()
    return "\n".join(out.lines)

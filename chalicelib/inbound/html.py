"""HTML-only replies as text, with the quoted original marked the way plain text marks it.

A <blockquote> becomes "> " lines. The containers clients put the original in
without a blockquote (Gmail's gmail_quote, Outlook's divRplyFwdMsg/appendonsend,
Yahoo's yahoo_quoted, Thunderbird's moz-cite-prefix, Apple's AppleOriginalContents)
become a "-----Original Message-----" line, which the cleaner cuts at. One pass of
the standard library's tokenizer: linear in the size of the HTML.
"""
from __future__ import annotations

from html.parser import HTMLParser

CUT = "-----Original Message-----"
_CUT_IDS = ("divrplyfwdmsg", "appendonsend", "x_divrplyfwdmsg", "applemailsignature-quote")
_CUT_CLASSES = ("gmail_quote", "gmail_attr", "yahoo_quoted", "moz-cite-prefix", "applemailoriginalcontents",
                "outlookmessageheader", "ms-outlook-mobile-reference-message", "x_gmail_quote")
_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "section"}
_SKIP = {"script", "style", "head", "title"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.quote = 0
        self.skip = 0
        self.cut = False

    def _newline(self) -> None:
        if self.lines[-1].strip():
            self.lines.append("")

    def handle_starttag(self, tag, attrs):
        if self.cut:
            return
        attributes = {k.lower(): (v or "").lower() for k, v in attrs}
        if tag in _SKIP:
            self.skip += 1
            return
        if attributes.get("id", "") in _CUT_IDS or any(c in attributes.get("class", "").split() for c in _CUT_CLASSES):
            self._newline()
            self.lines[-1] = CUT
            self.lines.append("")
            self.cut = True
            return
        if tag == "blockquote":
            self._newline()
            self.quote += 1
        elif tag in _BLOCKS:
            self._newline()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.cut:
            return
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "blockquote":
            self._newline()
            self.quote = max(0, self.quote - 1)
        elif tag in _BLOCKS:
            self._newline()

    def handle_data(self, data):
        if self.cut or self.skip:
            return
        for index, piece in enumerate(data.split("\n")):
            if index:
                self.lines[-1] += " "
            piece = " ".join(piece.split()) if piece.strip() else ""
            if not piece:
                continue
            if self.quote and not self.lines[-1]:
                self.lines[-1] = "> " * self.quote
            self.lines[-1] += (" " if self.lines[-1] and not self.lines[-1].endswith((" ", "> ")) else "") + piece


def to_text(html: str) -> str:
    parser = _Text()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # a tokenizer surprise: what was read so far is still the top of the reply
        pass
    return "\n".join(line.rstrip() for line in parser.lines).strip()

"""The one text cleaner: the new text of a reply, and the part of it a patient may read.

`new_text(body)` drops what the sender did not write now: quoted lines ("> "),
the attribution line above them ("On ... wrote:"), and everything from a
forwarded/original-message header on (Outlook, Gmail, Apple, Yahoo, Thunderbird,
Samsung write the original below such a header without quoting it).
`for_patient(text)` then drops signatures, sign-offs, "Sent from my iPhone",
confidentiality disclaimers and leading separators.

Both walk the text line by line with anchored, bounded patterns: linear in the
size of the message, whatever it contains (a 64 KB line is one cheap pass).
mail-parser-reply was judged on the corpus and dropped: it is quadratic on runs
of "On ..." (6 KB took 0.9 s) and its misses were the quoted original counting.
"""
from __future__ import annotations

import re
import unicodedata

MAX_LINE = 2000  # longer lines are still kept, but only their start is matched against patterns

# A line that starts the original message below a top-posted reply: everything from it on is old.
_ORIGINAL_HEADER = re.compile(
    r"^(?:-{2,}\s*(?:original message|forwarded message|mensaje original|message d'origine)\s*-{2,}"
    r"|_{10,}"  # Outlook desktop/web: a rule, then From:/Sent:/To:/Subject:
    r"|begin forwarded message:"
    r"|-{5,}\s*$"
    r"|(?:from|de|von):\s.{1,300}$)", re.IGNORECASE)
_HEADER_FIELD = re.compile(r"^(?:sent|date|to|cc|subject|envoy[ée]|gesendet|an|betreff):\s", re.IGNORECASE)
# "On <date>, <someone> wrote:" possibly wrapped over two lines (Gmail wraps at ~78 characters).
_ATTRIBUTION = re.compile(
    r"^(?:on\s.{1,300}\s(?:wrote|writes)\s*:?|.{0,300}\s(?:wrote|a écrit|schrieb)\s*:"
    r"|sent from .{1,100} on .{1,100}, .{1,200} wrote:)\s*$", re.IGNORECASE)
_ATTRIBUTION_START = re.compile(r"^on\s.{1,300}$", re.IGNORECASE)
_WROTE_END = re.compile(r"^.{0,300}\s?wrote\s*:\s*$", re.IGNORECASE)

_DEVICE = re.compile(
    r"^(?:sent from (?:my |the )?.{0,60}|sent via .{0,60}|get outlook for .{0,40}"
    r"|sent from yahoo mail.{0,60}|sent from samsung.{0,60}|sent from mail for windows.{0,20}"
    r"|envoyé de mon .{0,40}|von meinem .{0,40} gesendet)$", re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"^(?:thanks|thank you|thx|many thanks|best|best regards|kind regards|regards|warm regards|cheers"
    r"|sincerely|all the best|take care|br|rgds)[\s!.,]*(?:[-–—]?\s*[a-z][\w. '-]{0,40})?$", re.IGNORECASE)
_DASH_NAME = re.compile(r"^[-–—~]\s?[a-z][\w. '-]{0,40}$", re.IGNORECASE)
# A disclaimer names confidentiality together with its legal words, or one of its set phrases.
_DISCLAIMER = re.compile(
    r"(?:intended (?:only )?for the (?:sole )?(?:use of the )?(?:named )?(?:individual|recipient|addressee|person)"
    r"|intended recipient|if you have received this (?:e-?mail|message|communication) in error"
    r"|^(?:confidentiality|privacy) (?:notice|statement|warning)|^disclaimer\s*:"
    r"|confidential.{0,200}(?:privileged|prohibited|notify the sender|protected health information))",
    re.IGNORECASE)
_SEPARATOR = re.compile(r"^[\s\-–—_=*~.:|#]+$")

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000\t"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def normalize(text: str) -> str:
    """Line endings, odd spaces and invisible characters, as every client varies them."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_SPACES).translate(_INVISIBLE)
    return unicodedata.normalize("NFC", text)


def new_text(body: str) -> str:
    """What the sender wrote now, top-posted or bottom-posted; the quoted original never counts."""
    lines = normalize(body).split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        head = line.strip()[:MAX_LINE]
        if head.startswith(">") or head.startswith("|"):
            _drop_attribution(kept)
            continue
        if _ORIGINAL_HEADER.match(head) and _is_original_header(lines, index, head):
            _drop_attribution(kept)
            break
        if _ATTRIBUTION.match(head) and not _quote_follows(lines, index):
            break  # "On ... wrote:" over an unquoted original (Yahoo, some webmail): the rest is old
        kept.append(line.rstrip())
    return _trim("\n".join(kept))


def _quote_follows(lines: list[str], index: int) -> bool:
    following = next((ln.strip() for ln in lines[index + 1:index + 4] if ln.strip()), "")
    return following.startswith((">", "|"))


def _is_original_header(lines: list[str], index: int, head: str) -> bool:
    """A "From: ..." line counts only when header fields follow it (a reason may say "From: Monday")."""
    if not head.lower().startswith(("from:", "de:", "von:")):
        return True
    following = [ln.strip() for ln in lines[index + 1:index + 6] if ln.strip()]
    return sum(1 for ln in following[:4] if _HEADER_FIELD.match(ln[:MAX_LINE])) >= 1


def _drop_attribution(kept: list[str]) -> None:
    """Remove the "On ... wrote:" line(s) (and blank lines) just above a quote."""
    while kept and not kept[-1].strip():
        kept.pop()
    if kept and _ATTRIBUTION.match(kept[-1].strip()[:MAX_LINE]):
        kept.pop()
    elif len(kept) >= 2 and _WROTE_END.match(kept[-1].strip()[:MAX_LINE]) \
            and _ATTRIBUTION_START.match(kept[-2].strip()[:MAX_LINE]):
        del kept[-2:]


def for_patient(text: str, signer: str = "") -> str:
    """Text a patient will read: no signature, sign-off, device line, disclaimer or separators.
    `signer` (the sender's name) finds a signature block that has no sign-off above it."""
    lines = _drop_signed_block(normalize(text).split("\n"), signer)
    out: list[str] = []
    for line in lines:
        head = line.strip()[:MAX_LINE]
        if head in ("--", "-- ", "__") or _DEVICE.match(head):
            break  # a signature block: everything below it is signature
        if _DISCLAIMER.search(head):
            break  # disclaimers come last: nothing under one is meant for the patient
        out.append(line.rstrip())
    out = _drop_sign_off(_drop_sign_off(out))  # "Cheers" above "-F": the dash name, then the sign-off
    while out and (not out[0].strip() or _SEPARATOR.match(out[0])):
        out.pop(0)
    return _trim("\n".join(out))


def _drop_signed_block(lines: list[str], signer: str) -> list[str]:
    """From the first line that is the signer's name alone (after some text), the rest is signature."""
    names = {" ".join(signer.lower().split())} | {signer.lower().split()[0]} if signer.strip() else set()
    full = " ".join(signer.lower().split())
    for index, line in enumerate(lines):
        folded = " ".join(line.strip(" -–—~,.").lower().split())
        # "Frank Ortiz" alone, or "Frank Ortiz | Front Desk", "Frank Ortiz, RN" (a signature line)
        signed = folded in names or (full and folded.startswith(full) and folded[len(full):][:2].strip()[:1] in
                                     ("|", ",", "-", "–", "—", "/", "("))
        if index and signed and any(ln.strip() for ln in lines[:index]):
            return lines[:index]
    return lines


def _drop_sign_off(lines: list[str]) -> list[str]:
    """A sign-off ("Thanks," "Best, Frank") and up to three short lines under it (name, title)."""
    body = list(lines)
    while body and not body[-1].strip():
        body.pop()
    for back in range(1, min(5, len(body)) + 1):
        candidate = body[-back].strip()
        tail = [ln.strip() for ln in body[len(body) - back + 1:]]
        if (_SIGN_OFF.match(candidate) or (back == 1 and _DASH_NAME.match(candidate))) \
                and all(len(t) <= 40 for t in tail):
            return body[:len(body) - back]
    return body


def _trim(text: str) -> str:
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()

"""The one command grammar for staff replies.

The command is the first non-empty line of the new text (quotes already gone),
read case- and space-insensitively, with trailing punctuation and emoji ignored.
Its first word names the verb ("approve", "approved", "yes", "ok" ...); the
rest of that line and the lines below are the text (a decline's reason).
A conditional, negated or questioning command is no command: the sender is
asked to choose. So is a reply that carries two different verbs. When in
doubt, nothing is done: a wrong approval is the one outcome we never allow.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from chalicelib.inbound.clean import for_patient, normalize

# word -> verb. A workflow accepts some verbs (Workflow.verbs); adding a verb is a line here.
WORDS: dict[str, str] = {
    **dict.fromkeys(("approve", "approved", "approving", "yes", "ok", "okay", "confirm", "confirmed",
                     "accept", "accepted", "book", "booked"), "approve"),
    **dict.fromkeys(("decline", "declined", "declining", "no", "deny", "denied", "reject", "rejected",
                     "refuse", "refused"), "decline"),
    # Test results (issue 12): a clinician's review, with or without a note to the patient.
    **dict.fromkeys(("reviewed", "review", "seen"), "reviewed"),
    **dict.fromkeys(("comment", "comments", "note"), "comment"),
}
# Words that make an approval conditional, negated or tentative, anywhere in the new text.
DOUBT = frozenset((
    "if", "unless", "but", "except", "only", "when", "once", "provided", "assuming", "pending", "not", "don't",
    "dont", "do not", "never", "maybe", "perhaps", "probably", "possibly", "wait", "hold", "later", "instead",
    "can't", "cannot", "cant", "won't", "wont", "shouldn't", "shouldnt", "no", "hmm", "unsure", "check",
    "after", "before", "until", "should", "would", "could", "think", "guess", "ask", "hold off",
))
# Words that make a decline's first line something other than a decision ("decline if ...").
DECLINE_DOUBT = frozenset(("if", "unless", "maybe", "perhaps", "probably", "possibly", "wait", "not", "don't",
                           "dont", "never", "should", "would", "could"))
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class Command:
    verb: str  # "approve" | "decline" | ...
    text: str  # the rest of the first line and the lines below, cleaned for a patient
    line: str  # the command line as read (quoted back to the sender on a refusal)


class Unclear(Exception):
    """No single, unconditional command; the message says what was read and what to write."""

    def __init__(self, message: str, read: str):
        super().__init__(message)
        self.message, self.read = message, read


def _fold(line: str) -> str:
    """Lower case, one space, curly quotes straightened, symbols and emoji at the edges dropped."""
    line = unicodedata.normalize("NFKC", line).lower().replace("\u2019", "'").replace("\u2018", "'")
    line = "".join(ch for ch in line if unicodedata.category(ch)[0] != "S" or ch in "+")
    return " ".join(line.split())


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def read_command(new_text: str, verbs: tuple[str, ...], example: str, signer: str = "") -> Command:
    """The command in `new_text` (already without quotes), or Unclear. `example` tells what to write."""
    lines = [ln for ln in normalize(new_text).split("\n")]
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        raise Unclear(f"The reply had no text above the quoted email. {example}", "")
    raw_line = lines[first].strip()
    folded = _fold(raw_line)[:500]
    words = _words(folded)
    verb = WORDS.get(words[0]) if words else None
    if verb is None or verb not in verbs:
        raise Unclear(f"The first line was not a command. {example}", raw_line)
    if "?" in folded:
        raise Unclear(f"The first line reads as a question, so nothing was done. {example}", raw_line)
    rest_of_line = _after_first_word(raw_line, words[0])
    below = "\n".join(lines[first + 1:])
    text = for_patient((rest_of_line + "\n" + below).strip(), signer)
    others = {WORDS.get((_words(_fold(ln)) or [""])[0]) for ln in text.split("\n") if ln.strip()} - {None, verb}
    if others & set(verbs):
        raise Unclear(f"The reply has more than one command, so nothing was done. {example}", raw_line)
    doubt = DOUBT if verb == "approve" else DECLINE_DOUBT
    scope = text if verb == "approve" else " ".join(_words(_fold(rest_of_line))[:2])
    if _doubtful(_fold(scope), doubt):
        raise Unclear(f"The reply reads as conditional, so nothing was done. {example}", raw_line)
    return Command(verb=verb, text=text, line=raw_line)


def _after_first_word(line: str, word: str) -> str:
    """The line after its first word, without the separators people put there ("Decline: ...")."""
    match = re.match(r"^[\W_]*" + re.escape(word) + r"(?![a-z'])", unicodedata.normalize("NFKC", line),
                     re.IGNORECASE)
    rest = (line[match.end():] if match else "").lstrip(" .,:;!-–—")
    return rest if _words(_fold(rest)) else ""


def _doubtful(folded: str, doubt: frozenset[str]) -> bool:
    words = _words(folded)
    if any(w in doubt for w in words) or "?" in folded:
        return True
    joined = " ".join(words)
    return any(" " in d and d in joined for d in doubt)

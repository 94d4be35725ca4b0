"""A FHIR R4 Questionnaire subset, checked without a FHIR library (cold start: the
tests validate the same structures with fhir.resources).

Items are flat (no groups) of type string, text, boolean, choice, integer, decimal,
date, or display (words only). `enableWhen` may refer to an earlier item only, so
whether an item is shown is decided in one pass and cannot loop. Answers arrive as
{linkId: value}; answers to items that are not shown are dropped, and a required
item must be answered only when it is shown.
"""
from __future__ import annotations

import re
from datetime import date

from chalicelib.errors import InvalidError, UnprocessableError

TYPES = ("string", "text", "boolean", "choice", "integer", "decimal", "date", "display")
OPERATORS = ("exists", "=", "!=", ">", "<", ">=", "<=")
ORDERED = {"integer", "decimal", "date"}
ANSWER_KEY = {"boolean": "answerBoolean", "choice": "answerCoding", "integer": "answerInteger",
              "decimal": "answerDecimal", "date": "answerDate", "string": "answerString", "text": "answerString"}
LINK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MAX_ITEMS = 100
MAX_OPTIONS = 50
TEXT_LIMITS = {"string": 250, "text": 4000}
ITEM_KEYS = {"linkId", "text", "type", "required", "answerOption", "enableWhen", "enableBehavior", "maxLength",
             "code", "prefix"}
TOP_KEYS = {"resourceType", "title", "name", "status", "description", "code", "item", "url", "version", "id"}


def check_definition(q: dict) -> dict:
    """The definition as stored, or InvalidError naming the field (questionnaire.item[2].type...)."""
    def bad(message: str, where: str = "") -> InvalidError:
        return InvalidError(message, field=f"questionnaire{where}")

    if not isinstance(q, dict) or q.get("resourceType") != "Questionnaire":
        raise bad("A questionnaire is a FHIR Questionnaire (resourceType Questionnaire).", ".resourceType")
    unknown = set(q) - TOP_KEYS
    if unknown:
        raise bad(f"{sorted(unknown)[0]} is not supported here.", f".{sorted(unknown)[0]}")
    if not isinstance(q.get("title"), str) or not q["title"].strip() or len(q["title"]) > 120:
        raise bad("Give the questionnaire a title of at most 120 characters.", ".title")
    items = q.get("item")
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_ITEMS:
        raise bad(f"A questionnaire has 1 to {MAX_ITEMS} items.", ".item")
    seen: dict[str, dict] = {}
    for index, item in enumerate(items):
        where = f".item[{index}]"
        if not isinstance(item, dict):
            raise bad("Each item is an object.", where)
        extra = set(item) - ITEM_KEYS
        if extra:
            raise bad(f"{sorted(extra)[0]} is not supported on an item.", f"{where}.{sorted(extra)[0]}")
        link = item.get("linkId")
        if not isinstance(link, str) or not LINK_ID.match(link):
            raise bad("linkId is 1-64 letters, digits, dots, dashes or underscores.", f"{where}.linkId")
        if link in seen:
            raise bad(f"linkId {link} is used twice.", f"{where}.linkId")
        if item.get("type") not in TYPES:
            raise bad(f"type must be one of: {', '.join(TYPES)}.", f"{where}.type")
        if not isinstance(item.get("text"), str) or not item["text"].strip() or len(item["text"]) > 1000:
            raise bad("Each item needs its text (at most 1000 characters).", f"{where}.text")
        if "required" in item and not isinstance(item["required"], bool):
            raise bad("required is true or false.", f"{where}.required")
        if "maxLength" in item and (item["type"] not in TEXT_LIMITS or not isinstance(item["maxLength"], int)
                                    or not 1 <= item["maxLength"] <= TEXT_LIMITS[item["type"]]):
            raise bad("maxLength is for string and text items, within the portal's limit.", f"{where}.maxLength")
        _check_options(item, where, bad)
        _check_enable_when(item, where, seen, bad)
        seen[link] = item
    return q


def _check_options(item: dict, where: str, bad) -> None:
    options = item.get("answerOption")
    if item["type"] != "choice":
        if options is not None:
            raise bad("answerOption is for choice items only.", f"{where}.answerOption")
        return
    if not isinstance(options, list) or not 1 <= len(options) <= MAX_OPTIONS:
        raise bad(f"A choice item has 1 to {MAX_OPTIONS} options.", f"{where}.answerOption")
    codes = set()
    for i, option in enumerate(options):
        coding = option.get("valueCoding") if isinstance(option, dict) else None
        if not isinstance(coding, dict) or set(option) != {"valueCoding"} \
                or not isinstance(coding.get("code"), str) or not coding["code"].strip() \
                or not isinstance(coding.get("display"), str) or not coding["display"].strip() \
                or set(coding) - {"system", "code", "display"}:
            raise bad("Each option is a valueCoding with a code and a display.", f"{where}.answerOption[{i}]")
        if coding["code"] in codes:
            raise bad(f"Option code {coding['code']} is used twice.", f"{where}.answerOption[{i}]")
        codes.add(coding["code"])


def _check_enable_when(item: dict, where: str, earlier: dict[str, dict], bad) -> None:
    conditions = item.get("enableWhen")
    if conditions is None:
        if "enableBehavior" in item:
            raise bad("enableBehavior needs enableWhen.", f"{where}.enableBehavior")
        return
    if not isinstance(conditions, list) or not conditions:
        raise bad("enableWhen is a list of conditions.", f"{where}.enableWhen")
    if len(conditions) > 1 and item.get("enableBehavior") not in ("all", "any"):
        raise bad("With more than one condition, enableBehavior is all or any.", f"{where}.enableBehavior")
    if "enableBehavior" in item and item["enableBehavior"] not in ("all", "any"):
        raise bad("enableBehavior is all or any.", f"{where}.enableBehavior")
    for i, cond in enumerate(conditions):
        at = f"{where}.enableWhen[{i}]"
        if not isinstance(cond, dict):
            raise bad("Each condition is an object.", at)
        source = earlier.get(cond.get("question"))
        if source is None or source["type"] == "display":
            raise bad("question must be the linkId of an earlier question.", f"{at}.question")
        operator = cond.get("operator")
        if operator not in OPERATORS:
            raise bad(f"operator must be one of: {', '.join(OPERATORS)}.", f"{at}.operator")
        answers = [k for k in cond if k.startswith("answer")]
        expected = "answerBoolean" if operator == "exists" else ANSWER_KEY[source["type"]]
        if answers != [expected] or set(cond) != {"question", "operator", expected}:
            raise bad(f"This condition needs {expected} (and nothing else).", at)
        if operator in (">", "<", ">=", "<=") and source["type"] not in ORDERED:
            raise bad("Greater or less than compares numbers and dates only.", f"{at}.operator")
        value = cond[expected]
        try:
            if expected == "answerCoding":
                if not isinstance(value, dict) or value.get("code") not in _codes(source):
                    raise ValueError
            else:
                _answer_value(source["type"] if operator != "exists" else "boolean", value, source)
        except ValueError:
            raise bad(f"{expected} does not fit the question it refers to.", f"{at}.{expected}") from None


def _codes(item: dict) -> dict[str, dict]:
    return {o["valueCoding"]["code"]: o["valueCoding"] for o in item.get("answerOption", [])}


def _answer_value(kind: str, value, item: dict):
    """A patient's value for an item of `kind`, normalised, or ValueError."""
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValueError("Answer yes or no.")
        return value
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 2_147_483_647:
            raise ValueError("Enter a whole number.")
        return value
    if kind == "decimal":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value \
                or abs(value) > 1e12:
            raise ValueError("Enter a number.")
        return value
    if kind == "date":
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError("Enter a date like 2026-03-09.") from None
    if kind == "choice":
        if not isinstance(value, str) or value not in _codes(item):
            raise ValueError("Choose one of the answers offered.")
        return value
    limit = item.get("maxLength") or TEXT_LIMITS[kind]
    if not isinstance(value, str):
        raise ValueError("Enter text.")
    value = value.strip()
    if len(value) > limit:
        raise ValueError(f"Use at most {limit} characters.")
    return value or None


def _holds(cond: dict, given: dict) -> bool:
    """One enableWhen condition against the answers given so far (shown items only)."""
    answered = cond["question"] in given
    if cond["operator"] == "exists":
        return answered == cond["answerBoolean"]
    if not answered:
        return cond["operator"] == "!="  # FHIR: != is true when the question has no answer
    have = given[cond["question"]]
    want = next(v for k, v in cond.items() if k.startswith("answer"))
    if isinstance(want, dict):  # a coding: compared by code
        want = want["code"]
    op = cond["operator"]
    return {"=": have == want, "!=": have != want, ">": have > want, "<": have < want,
            ">=": have >= want, "<=": have <= want}[op]


def enabled(item: dict, given: dict) -> bool:
    conditions = item.get("enableWhen")
    if not conditions:
        return True
    results = [_holds(c, given) for c in conditions]
    return any(results) if item.get("enableBehavior") == "any" else all(results)


def check_answers(q: dict, answers: dict) -> dict[str, object]:
    """The answers of shown items, normalised, in item order; UnprocessableError naming
    answers.<linkId> (every problem listed in details) otherwise."""
    if not isinstance(answers, dict):
        raise InvalidError("answers is an object of linkId to answer.", field="answers")
    items = {i["linkId"]: i for i in q["item"]}
    for link in answers:
        if link not in items or items[link]["type"] == "display":
            raise InvalidError(f"answers.{link} is not a question of this questionnaire.", field=f"answers.{link}")
    given: dict[str, object] = {}
    problems = []
    for item in q["item"]:
        link = item["linkId"]
        if item["type"] == "display" or not enabled(item, given):
            continue  # a hidden item's answer (left in a form) is not kept
        raw = answers.get(link)
        value = None
        if raw is not None:
            try:
                value = _answer_value(item["type"], raw, item)
            except ValueError as exc:
                problems.append({"field": f"answers.{link}", "message": str(exc)})
                continue
        if value is None:
            if item.get("required"):
                problems.append({"field": f"answers.{link}", "message": "Answer this question."})
            continue
        given[link] = value
    if problems:
        first = problems[0]
        raise UnprocessableError(first["message"], field=first["field"], details=problems)
    return given


def response_items(q: dict, given: dict) -> list[dict]:
    """QuestionnaireResponse.item for the answers check_answers kept."""
    out = []
    for item in q["item"]:
        link = item["linkId"]
        if link not in given:
            continue
        value = given[link]
        if item["type"] == "choice":
            coding = {k: v for k, v in _codes(item)[value].items() if v}
            answer = {"valueCoding": coding}
        else:
            key = {"string": "valueString", "text": "valueString", "boolean": "valueBoolean",
                   "integer": "valueInteger", "decimal": "valueDecimal", "date": "valueDate"}[item["type"]]
            answer = {key: value}
        out.append({"linkId": link, "text": item["text"], "answer": [answer]})
    return out


def answer_words(item: dict) -> str:
    """One response item's answer as people read it ("Several days", "Yes", "12")."""
    answer = (item.get("answer") or [{}])[0]
    if "valueCoding" in answer:
        return answer["valueCoding"].get("display") or answer["valueCoding"]["code"]
    if "valueBoolean" in answer:
        return "Yes" if answer["valueBoolean"] else "No"
    if "valueDate" in answer:
        from chalicelib import clock

        return clock.say_date(answer["valueDate"], weekday=False)
    return str(next(iter(answer.values()), ""))

"""The PHQ-9 and GAD-7 as FHIR Questionnaires (Pfizer's public-domain instruments; LOINC
codes 44249-1 and 69737-5), shipped so a practice can use them as they are."""
from __future__ import annotations

LOINC = "http://loinc.org"
FREQUENCY = [("0", "Not at all"), ("1", "Several days"), ("2", "More than half the days"),
             ("3", "Nearly every day")]
DIFFICULTY = [("0", "Not difficult at all"), ("1", "Somewhat difficult"), ("2", "Very difficult"),
              ("3", "Extremely difficult")]

PHQ9_ITEMS = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety "
    "or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
]
GAD7_ITEMS = [
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
]


def _options(pairs) -> list[dict]:
    return [{"valueCoding": {"code": code, "display": display}} for code, display in pairs]


def _instrument(title: str, code: str, prefix: str, questions: list[str]) -> dict:
    items = [{"linkId": "intro", "type": "display",
              "text": "Over the last 2 weeks, how often have you been bothered by any of the following problems?"}]
    items += [{"linkId": f"{prefix}-{n}", "prefix": str(n), "type": "choice", "required": True, "text": text,
               "answerOption": _options(FREQUENCY)} for n, text in enumerate(questions, start=1)]
    # Asked only once a problem was checked: "any" item answered 1, 2 or 3 ("=" rather than
    # "!= 0", which FHIR makes true for an item not answered yet).
    items.append({"linkId": f"{prefix}-difficulty", "type": "choice", "required": False,
                  "text": "If you checked off any problems, how difficult have these problems made it for you to "
                          "do your work, take care of things at home, or get along with other people?",
                  "answerOption": _options(DIFFICULTY), "enableBehavior": "any",
                  "enableWhen": [{"question": f"{prefix}-{n}", "operator": "=", "answerCoding": {"code": code}}
                                 for n in range(1, len(questions) + 1) for code in ("1", "2", "3")]})
    return {"resourceType": "Questionnaire", "status": "active", "title": title,
            "code": [{"system": LOINC, "code": code, "display": title}], "item": items}


def phq9() -> dict:
    return _instrument("PHQ-9 depression questionnaire", "44249-1", "phq9", PHQ9_ITEMS)


def gad7() -> dict:
    return _instrument("GAD-7 anxiety questionnaire", "69737-5", "gad7", GAD7_ITEMS)


EXAMPLES = {"phq9": phq9, "gad7": gad7}

"""Questionnaire definitions and answers: item types, enableWhen (required only when
shown), PHQ-9 and GAD-7 scoring against known answer sets. Pure functions: no stack."""
from __future__ import annotations

import pytest

from chalicelib.errors import InvalidError, UnprocessableError
from chalicelib.services.questionnaires.engine import check_answers, check_definition, response_items
from chalicelib.services.questionnaires.examples import gad7, phq9
from chalicelib.services.questionnaires.scoring import score, words

INTAKE = {
    "resourceType": "Questionnaire", "status": "active", "title": "Intake",
    "item": [
        {"linkId": "smoke", "type": "boolean", "text": "Do you smoke?", "required": True},
        {"linkId": "packs", "type": "decimal", "text": "Packs a day?", "required": True,
         "enableWhen": [{"question": "smoke", "operator": "=", "answerBoolean": True}]},
        {"linkId": "since", "type": "date", "text": "Since when?",
         "enableWhen": [{"question": "smoke", "operator": "=", "answerBoolean": True}]},
        {"linkId": "drinks", "type": "integer", "text": "Drinks a week?", "required": True},
        {"linkId": "advice", "type": "text", "text": "Would you like advice?", "required": True,
         "enableBehavior": "any",
         "enableWhen": [{"question": "drinks", "operator": ">", "answerInteger": 14},
                        {"question": "packs", "operator": "exists", "answerBoolean": True}]},
        {"linkId": "mood", "type": "choice", "text": "Mood", "answerOption": [
            {"valueCoding": {"code": "good", "display": "Good"}}, {"valueCoding": {"code": "low", "display": "Low"}}]},
        {"linkId": "name", "type": "string", "text": "Preferred name", "maxLength": 20},
    ],
}


def test_a_valid_definition_passes_and_fhir_resources_agrees():
    from fhir.resources.R4B.questionnaire import Questionnaire

    for q in (INTAKE, phq9(), gad7()):
        check_definition(q)
        Questionnaire.model_validate(q)


@pytest.mark.parametrize("change,field", [
    (lambda q: q["item"][0].update(type="slider"), "questionnaire.item[0].type"),
    (lambda q: q["item"][1].update(linkId="smoke"), "questionnaire.item[1].linkId"),
    (lambda q: q["item"][1]["enableWhen"][0].update(question="drinks"), "questionnaire.item[1].enableWhen[0].question"),
    (lambda q: q["item"][1]["enableWhen"][0].update(operator="~"), "questionnaire.item[1].enableWhen[0].operator"),
    (lambda q: q["item"][1]["enableWhen"][0].update(answerBoolean="yes"), "questionnaire.item[1].enableWhen[0].answerBoolean"),
    (lambda q: q["item"][4].pop("enableBehavior"), "questionnaire.item[4].enableBehavior"),
    (lambda q: q["item"][5].pop("answerOption"), "questionnaire.item[5].answerOption"),
    (lambda q: q["item"][0].update(text=""), "questionnaire.item[0].text"),
    (lambda q: q.update(title=" "), "questionnaire.title"),
    (lambda q: q["item"][0].update(repeats=True), "questionnaire.item[0].repeats"),
])
def test_a_bad_definition_is_refused_naming_the_field(change, field):
    import copy

    q = copy.deepcopy(INTAKE)
    change(q)
    with pytest.raises(InvalidError) as refused:
        check_definition(q)
    assert refused.value.field == field


def test_required_items_are_required_only_when_enabled():
    given = check_answers(INTAKE, {"smoke": False, "drinks": 3, "packs": 2, "advice": "left in a hidden field"})
    assert given == {"smoke": False, "drinks": 3}  # hidden answers are not kept
    with pytest.raises(UnprocessableError) as missing:
        check_answers(INTAKE, {"smoke": True, "drinks": 3})
    assert [d["field"] for d in missing.value.details] == ["answers.packs"]  # no packs: advice stays hidden
    with pytest.raises(UnprocessableError) as heavy:
        check_answers(INTAKE, {"smoke": False, "drinks": 20})
    assert heavy.value.field == "answers.advice"
    assert check_answers(INTAKE, {"smoke": True, "packs": 0.5, "since": "2001-05-04", "drinks": 0,
                                  "advice": "Yes please"})["since"] == "2001-05-04"


@pytest.mark.parametrize("answers,field", [
    ({"smoke": "yes", "drinks": 1}, "answers.smoke"),
    ({"smoke": False, "drinks": 1.5}, "answers.drinks"),
    ({"smoke": False, "drinks": True}, "answers.drinks"),
    ({"smoke": True, "packs": "1", "drinks": 1, "advice": "x"}, "answers.packs"),
    ({"smoke": True, "packs": 1, "since": "2001-13-01", "drinks": 1, "advice": "x"}, "answers.since"),
    ({"smoke": False, "drinks": 1, "mood": "great"}, "answers.mood"),
    ({"smoke": False, "drinks": 1, "name": "x" * 21}, "answers.name"),
])
def test_answers_of_the_wrong_kind_are_refused_naming_the_item(answers, field):
    with pytest.raises(UnprocessableError) as refused:
        check_answers(INTAKE, answers)
    assert refused.value.field == field


def test_an_answer_to_no_such_question_is_refused():
    with pytest.raises(InvalidError) as refused:
        check_answers(INTAKE, {"smoke": False, "drinks": 1, "shoe_size": 9})
    assert refused.value.field == "answers.shoe_size"


def test_response_items_are_a_valid_questionnaire_response():
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    given = check_answers(INTAKE, {"smoke": True, "packs": 0.5, "since": "2001-05-04", "drinks": 2,
                                   "advice": "No", "mood": "low", "name": "Al"})
    items = response_items(INTAKE, given)
    assert items[-2]["answer"] == [{"valueCoding": {"code": "low", "display": "Low"}}]
    QuestionnaireResponse.model_validate({"resourceType": "QuestionnaireResponse", "status": "completed",
                                          "item": items})


def _phq(values, difficulty=None):
    answers = {f"phq9-{n}": str(v) for n, v in enumerate(values, start=1)}
    if difficulty is not None:
        answers["phq9-difficulty"] = str(difficulty)
    return answers


@pytest.mark.parametrize("values,total,severity", [
    ([0] * 9, 0, "Minimal"),
    ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "Minimal"),
    ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "Mild"),
    ([2, 2, 2, 1, 1, 1, 0, 0, 0], 9, "Mild"),
    ([2, 2, 2, 2, 1, 1, 0, 0, 0], 10, "Moderate"),
    ([2, 2, 2, 2, 2, 2, 2, 1, 0], 15, "Moderately severe"),
    ([3, 3, 3, 2, 2, 2, 2, 2, 0], 19, "Moderately severe"),
    ([3, 3, 3, 3, 2, 2, 2, 2, 0], 20, "Severe"),
    ([3] * 9, 27, "Severe"),
])
def test_phq9_totals_and_severity_bands(values, total, severity):
    q = phq9()
    result = score(q, check_answers(q, _phq(values, 1 if total else None)))
    assert (result["total"], result["severity"], result["max"]) == (total, severity, 27)
    assert words(result) == f"PHQ-9 total {total} of 27 ({severity.lower()})"


def test_phq9_item_9_positive_is_flagged_whatever_the_total():
    q = phq9()
    low = score(q, check_answers(q, _phq([0, 0, 0, 0, 0, 0, 0, 0, 1], 0)))
    assert low["total"] == 1 and low["severity"] == "Minimal" and low["flags"]
    assert not score(q, check_answers(q, _phq([3, 3, 3, 3, 3, 3, 3, 3, 0], 2)))["flags"]


def test_phq9_difficulty_is_asked_only_when_a_problem_was_checked():
    q = phq9()
    assert "phq9-difficulty" not in check_answers(q, _phq([0] * 9, 3))  # hidden: not kept
    assert check_answers(q, _phq([0] * 8 + [1], 3))["phq9-difficulty"] == "3"
    with pytest.raises(UnprocessableError) as missing:
        check_answers(q, {f"phq9-{n}": "0" for n in range(1, 9)})
    assert missing.value.field == "answers.phq9-9"


@pytest.mark.parametrize("values,total,severity", [
    ([0] * 7, 0, "Minimal"), ([1, 1, 1, 1, 0, 0, 0], 4, "Minimal"), ([1, 1, 1, 1, 1, 0, 0], 5, "Mild"),
    ([2, 2, 2, 2, 1, 1, 0], 10, "Moderate"), ([2, 2, 2, 2, 2, 2, 2], 14, "Moderate"),
    ([3, 3, 3, 2, 2, 2, 0], 15, "Severe"), ([3] * 7, 21, "Severe"),
])
def test_gad7_totals_and_severity_bands(values, total, severity):
    q = gad7()
    answers = {f"gad7-{n}": str(v) for n, v in enumerate(values, start=1)}
    result = score(q, check_answers(q, answers))
    assert (result["total"], result["severity"], result["max"], result["flags"]) == (total, severity, 21, [])


def test_an_unscored_questionnaire_has_no_score():
    assert score(INTAKE, {"smoke": False}) is None

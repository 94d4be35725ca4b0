"""Scores of standard instruments, recognised by the questionnaire's LOINC code.

PHQ-9 (Kroenke 2001): items 1-9 scored 0-3, total 0-27; bands 0-4 minimal, 5-9 mild,
10-14 moderate, 15-19 moderately severe, 20-27 severe. Any answer above 0 to item 9
(thoughts of self-harm) is flagged to the clinician whatever the total.
GAD-7 (Spitzer 2006): items 1-7 scored 0-3, total 0-21; bands 0-4 minimal, 5-9 mild,
10-14 moderate, 15-21 severe.
"""
from __future__ import annotations

INSTRUMENTS = {
    "44249-1": {"name": "PHQ-9", "prefix": "phq9", "items": 9, "total_loinc": "44261-6",
                "bands": [(0, "Minimal"), (5, "Mild"), (10, "Moderate"), (15, "Moderately severe"), (20, "Severe")]},
    "69737-5": {"name": "GAD-7", "prefix": "gad7", "items": 7, "total_loinc": "70274-6",
                "bands": [(0, "Minimal"), (5, "Mild"), (10, "Moderate"), (15, "Severe")]},
}
SELF_HARM_FLAG = "Thoughts of self-harm: answered above “Not at all” on item 9. Follow up with the patient."


def instrument(q: dict) -> dict | None:
    for coding in q.get("code") or []:
        if coding.get("system") == "http://loinc.org" and coding.get("code") in INSTRUMENTS:
            return INSTRUMENTS[coding["code"]]
    return None


def band(bands: list[tuple[int, str]], total: int) -> str:
    return [label for floor, label in bands if total >= floor][-1]


def score(q: dict, given: dict) -> dict | None:
    """{instrument, total, max, severity, flags} for a scored instrument, else None."""
    spec = instrument(q)
    if spec is None:
        return None
    values = [int(given[f"{spec['prefix']}-{n}"]) for n in range(1, spec["items"] + 1)
              if f"{spec['prefix']}-{n}" in given]
    total = sum(values)
    flags = []
    if spec["name"] == "PHQ-9" and int(given.get("phq9-9", 0)) > 0:
        flags.append(SELF_HARM_FLAG)
    return {"instrument": spec["name"], "total": total, "max": 3 * spec["items"],
            "severity": band(spec["bands"], total), "flags": flags, "loinc": spec["total_loinc"],
            "complete": len(values) == spec["items"]}


def words(result: dict | None) -> str:
    """"PHQ-9 total 7 of 27 (mild)" for the chart, the PDF and the review page."""
    if not result:
        return ""
    return f"{result['instrument']} total {result['total']} of {result['max']} ({result['severity'].lower()})"

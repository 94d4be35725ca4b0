"""Plain-language names for common tests, by LOINC code: what the patient reads above
the lab's own name. A starting set the practice can override (results/names.py); the
lab's name is shown when neither knows the code."""
from __future__ import annotations

PLAIN_NAMES = {
    "57698-3": "Cholesterol panel (lipids)",
    "24331-1": "Cholesterol panel (lipids)",
    "2093-3": "Total cholesterol",
    "2085-9": "HDL (\"good\") cholesterol",
    "2571-8": "Triglycerides (blood fats)",
    "18262-6": "LDL (\"bad\") cholesterol",
    "13457-7": "LDL (\"bad\") cholesterol",
    "4548-4": "Hemoglobin A1c (average blood sugar, 3 months)",
    "2345-7": "Blood sugar (glucose)",
    "3016-3": "TSH (thyroid)",
    "2823-3": "Potassium",
    "2951-2": "Sodium",
    "2160-0": "Creatinine (kidney)",
    "6690-2": "White blood cells",
    "789-8": "Red blood cells",
    "718-7": "Hemoglobin",
    "777-3": "Platelets",
    "78012-2": "Strep throat test (rapid)",
    "630-4": "Urine culture",
    "1988-5": "CRP (inflammation)",
    "5048-4": "ANA (antinuclear antibodies)",
    "5196-1": "Hepatitis B surface antigen",
    "2106-3": "Pregnancy test (urine)",
    "24356-8": "Urine dipstick",
}


def plain_name(code: str | None, lab_name: str | None) -> str:
    from chalicelib.services.results.names import overrides

    key = code or ""
    return overrides().get(key) or PLAIN_NAMES.get(key) or (lab_name or code or "Test")

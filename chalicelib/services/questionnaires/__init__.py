"""Questionnaires (issue 17): FHIR Questionnaire definitions kept by the practice, the
patient's answers as QuestionnaireResponse, and the scoring of standard instruments.

- engine.py: checks a definition and a set of answers against it (enableWhen included)
- scoring.py: PHQ-9 and GAD-7 totals, severity bands and clinician flags
- examples.py: the PHQ-9 and GAD-7 definitions the portal ships
- forms.py: the practice's versioned questionnaires and consent forms
- responses.py: answers in the patient's record, ad hoc requests from staff
"""

"""Test results: HL7 v2 lab feeds and point-of-care entries in; reports with ranges,
trends and the clinician's comment out, released as the 21st Century Cures Act requires.

hl7v2     parse ORU^R01 and write the ACK (python-hl7, imported lazily)
ingest    one message in: idempotent by control id, patient matched or queued for staff
store     versions (append only), the report's current state, trend points, in one transaction
release   who sees what when: at once, after review (the patient's choice), or held
views     the patient side: list, report, trend
clinician inbox, review and comment, hold, point-of-care entry
notices   the PHI-free notifications and the home's attention item
"""

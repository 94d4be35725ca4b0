"""Demo health records (issue 3), created through the services as the practice would:
health summaries, visit summaries by Dr. Wei Chen (one held), documents, requests,
and the practice information pages. Dates are relative to today so the demo stays fresh.
"""
from __future__ import annotations

from chalicelib import clock

from datetime import date, timedelta

from chalicelib.auth import Caller

# (section, fields) per patient; retired entries are (section, fields, retire reason).
RECORDS: dict[str, list[tuple]] = {
    "alex": [
        ("conditions", {"code": "Essential hypertension", "onset": "2019-06-01", "status": "active"}),
        ("conditions", {"code": "Seasonal allergic rhinitis", "onset": "2012-04-15", "status": "active"}),
        ("conditions", {"code": "Acute bronchitis", "onset": "2023-01-09", "abatement": "2023-01-30",
                        "status": "resolved"}),
        ("medications", {"medication": "Lisinopril 10 mg tablet", "dosage": "10 mg once daily",
                         "instructions": "Take in the morning. Check your blood pressure at home twice a week.",
                         "prescriber": "Dr. Wei Chen", "started": "2019-06-15", "status": "active"}),
        ("medications", {"medication": "Cetirizine 10 mg tablet", "dosage": "10 mg once daily as needed",
                         "instructions": "For hay fever in spring and autumn.", "prescriber": "Dr. Wei Chen",
                         "status": "active"}),
        ("medications", {"medication": "Azithromycin 250 mg tablet", "dosage": "500 mg day 1, then 250 mg daily",
                         "prescriber": "Dr. Wei Chen", "started": "2023-01-09", "status": "active"},
         "Five-day course finished"),
        ("allergies", {"substance": "Penicillin", "reaction": "Hives", "severity": "moderate",
                       "category": "medication", "status": "active"}),
        ("immunizations", {"vaccine": "Influenza, seasonal (quadrivalent)", "date": "2025-10-14", "dose_number": 1}),
        ("immunizations", {"vaccine": "Tdap", "date": "2021-03-02", "dose_number": 1, "lot_number": "TD4471"}),
        ("immunizations", {"vaccine": "COVID-19 mRNA (2024-2025)", "date": "2024-10-01", "dose_number": 1}),
        ("procedures", {"procedure": "Laparoscopic appendectomy", "date": "2002-08-10"}),
        ("family-history", {"relationship": "Father", "condition": "Type 2 diabetes", "onset_age": 55}),
        ("family-history", {"relationship": "Mother", "condition": "Hypertension", "onset_age": 50}),
        ("social-history", {"topic": "Tobacco use", "value": "Never smoker"}),
        ("social-history", {"topic": "Alcohol", "value": "2-3 drinks per week"}),
        ("social-history", {"topic": "Exercise", "value": "Runs three times a week"}),
    ],
    "priya": [
        ("conditions", {"code": "Migraine without aura", "onset": "2014-09-01", "status": "active"}),
        ("conditions", {"code": "Iron deficiency anemia", "onset": "2022-02-10", "abatement": "2022-11-01",
                        "status": "resolved"}),
        ("medications", {"medication": "Sumatriptan 50 mg tablet", "dosage": "50 mg at migraine onset",
                         "instructions": "May repeat once after 2 hours. No more than 200 mg in 24 hours.",
                         "prescriber": "Dr. Wei Chen", "started": "2019-03-12", "status": "active"}),
        ("medications", {"medication": "Norgestimate-ethinyl estradiol", "dosage": "1 tablet daily",
                         "prescriber": "Dr. Wei Chen", "status": "active"}),
        ("medications", {"medication": "Ferrous sulfate 325 mg tablet", "dosage": "325 mg daily with orange juice",
                         "prescriber": "Dr. Wei Chen", "started": "2022-02-10", "status": "active"},
         "Iron levels back to normal"),
        ("allergies", {"substance": "Sulfonamide antibiotics", "reaction": "Rash", "severity": "mild",
                       "category": "medication"}),
        ("allergies", {"substance": "Latex", "reaction": "Contact dermatitis", "severity": "mild",
                       "category": "environment"}),
        ("immunizations", {"vaccine": "Influenza, seasonal (quadrivalent)", "date": "2025-10-20", "dose_number": 1}),
        ("immunizations", {"vaccine": "HPV (9-valent)", "date": "2008-06-05", "dose_number": 3}),
        ("immunizations", {"vaccine": "Tdap", "date": "2023-05-17", "dose_number": 1}),
        ("procedures", {"procedure": "Wisdom teeth extraction", "date": "2010-07-21"}),
        ("family-history", {"relationship": "Mother", "condition": "Migraine", "onset_age": 20}),
        ("family-history", {"relationship": "Maternal grandmother", "condition": "Breast cancer", "onset_age": 62}),
        ("social-history", {"topic": "Tobacco use", "value": "Never smoker"}),
        ("social-history", {"topic": "Occupation", "value": "Software engineer, mostly desk work"}),
    ],
    "jordan": [
        ("conditions", {"code": "Hypothyroidism", "onset": "2016-05-20", "status": "active"}),
        ("conditions", {"code": "Gestational diabetes", "onset": "2017-12-01", "abatement": "2018-03-02",
                        "status": "resolved"}),
        ("medications", {"medication": "Levothyroxine 75 mcg tablet", "dosage": "75 mcg once daily",
                         "instructions": "Take on an empty stomach, 30 minutes before breakfast.",
                         "prescriber": "Dr. Wei Chen", "started": "2016-06-01", "status": "active"}),
        ("allergies", {"substance": "Shellfish", "reaction": "Swelling of the lips", "severity": "moderate",
                       "category": "food"}),
        ("immunizations", {"vaccine": "Influenza, seasonal (quadrivalent)", "date": "2025-10-14", "dose_number": 1}),
        ("immunizations", {"vaccine": "COVID-19 mRNA (2024-2025)", "date": "2024-09-28", "dose_number": 1}),
        ("procedures", {"procedure": "Cesarean section", "date": "2018-02-14"}),
        ("family-history", {"relationship": "Father", "condition": "Hypertension", "onset_age": 48}),
        ("social-history", {"topic": "Tobacco use", "value": "Former smoker, quit in 2015"}),
        ("social-history", {"topic": "Alcohol", "value": "Rarely"}),
    ],
    "sam": [
        ("conditions", {"code": "Mild intermittent asthma", "onset": "2021-11-03", "status": "active"}),
        ("medications", {"medication": "Albuterol HFA 90 mcg inhaler", "dosage": "2 puffs every 4-6 hours as needed",
                         "instructions": "Use with the spacer. Call if needed more than twice a week.",
                         "prescriber": "Dr. Wei Chen", "started": "2021-11-03", "status": "active"}),
        ("allergies", {"substance": "Dust mites", "reaction": "Sneezing, itchy eyes", "severity": "mild",
                       "category": "environment"}),
        ("immunizations", {"vaccine": "MMR", "date": "2022-05-10", "dose_number": 2}),
        ("immunizations", {"vaccine": "DTaP", "date": "2022-05-10", "dose_number": 5}),
        ("immunizations", {"vaccine": "Varicella", "date": "2022-05-10", "dose_number": 2}),
        ("immunizations", {"vaccine": "Influenza, seasonal (quadrivalent)", "date": "2025-10-14", "dose_number": 1}),
        ("procedures", {"procedure": "Tympanostomy tubes, both ears", "date": "2020-03-18"}),
        ("family-history", {"relationship": "Mother", "condition": "Hypothyroidism", "onset_age": 30}),
        ("social-history", {"topic": "School", "value": "Third grade; plays soccer"}),
        ("social-history", {"topic": "Secondhand smoke exposure", "value": "None at home"}),
    ],
}

# (patient, days ago, reason, assessment, instructions, follow-up, hold reason)
VISITS = [
    ("alex", 70, "Annual physical", "Healthy adult. Blood pressure well controlled on lisinopril.",
     "Keep up the running. Fasting labs before the next visit.", "Annual physical in one year", None),
    ("alex", 12, "Blood pressure follow-up", "Hypertension, controlled. Home readings average 128/82.",
     "Continue lisinopril 10 mg daily. Limit salt. Keep the home log.", "Follow up in 6 months", None),
    ("priya", 200, "Migraine follow-up", "Migraine without aura, about two episodes a month.",
     "Sumatriptan at onset. Keep a headache diary; note sleep and caffeine.", "Follow up in 3 months", None),
    ("priya", 40, "Annual physical", "Healthy adult. Iron levels normal; iron supplement stopped.",
     "No changes to medication. Flu shot given.", "Annual physical in one year", None),
    ("priya", 3, "Headache evaluation", "New pattern of morning headaches; MRI ordered and reviewed.",
     "We will discuss the imaging together at your visit.", "Visit with Dr. Chen this week",
     "Imaging findings should be discussed in person before they are released"),
    ("jordan", 90, "Thyroid check", "Hypothyroidism, TSH within range on levothyroxine 75 mcg.",
     "Continue the same dose. Take it on an empty stomach.", "Lab check in 12 months", None),
    ("jordan", 20, "Sinus symptoms", "Viral upper respiratory infection.",
     "Rest, fluids, saline rinses. Call if fever over 101F or symptoms last more than 10 days.", None, None),
    ("sam", 120, "Well-child visit (8 years)", "Healthy child, growing well. Asthma well controlled.",
     "Keep the inhaler at school with the spacer. Flu shot in the fall.", "Well-child visit in one year", None),
    ("sam", 25, "Asthma follow-up", "Mild intermittent asthma, well controlled; albuterol twice a month.",
     "Continue albuterol as needed. Updated school asthma action plan attached.", "Follow up in 6 months", None),
]

MAP = "https://www.openstreetmap.org/search?query="
PRACTICE_INFO = {
    "locations": [
        {"id": "maple-street", "name": "Maple Street (main office)",
         "address": {"line1": "1200 Maple Street", "line2": "Suite 200", "city": "Springfield", "state": "IL",
                     "postal_code": "62701", "country": "US"},
         "phone": "+13125550100", "map_url": MAP + "1200%20Maple%20Street%20Springfield%20IL",
         "note": "Free parking behind the building; elevator to the second floor.",
         "bring": "A photo ID and your insurance card. Please arrive 10 minutes early to check in."},
        {"id": "westside", "name": "Westside clinic",
         "address": {"line1": "85 Lincoln Avenue", "city": "Springfield", "state": "IL", "postal_code": "62704",
                     "country": "US"},
         "phone": "+13125550110", "map_url": MAP + "85%20Lincoln%20Avenue%20Springfield%20IL",
         "note": "Tuesdays and Thursdays only."},
    ],
    "providers": [
        {"id": "wei-chen", "name": "Dr. Wei Chen", "credentials": "MD", "specialty": "Family medicine",
         "bio": "Dr. Chen has cared for families in Springfield for fifteen years, from newborns to grandparents. "
                "Special interests: blood pressure, diabetes and asthma.",
         "location_ids": ["maple-street", "westside"]},
        {"id": "amara-okafor", "name": "Amara Okafor", "credentials": "CPNP", "specialty": "Pediatrics",
         "bio": "Amara is a pediatric nurse practitioner who sees children for well visits, asthma and school forms.",
         "location_ids": ["maple-street"]},
        {"id": "nina-patel", "name": "Nina Patel", "credentials": "RN", "specialty": "Nursing and care coordination",
         "bio": "Nina answers most portal questions, handles refills and helps you prepare for your visits.",
         "location_ids": ["maple-street"]},
    ],
    "faq": [
        {"id": "messages", "question": "How do I ask my care team a question?",
         "answer": "Open Messages and choose Write a message. Pick the topic (medical, medication, test result, "
                   "appointment, billing, forms) so it reaches the right team; you can attach a photo. We answer "
                   "within one business day. Not for emergencies: call 911."},
        {"id": "refills", "question": "How do I get a prescription refilled?",
         "answer": "Open Health summary, then Medications, and choose Request refill next to an active medication. "
                   "Allow two business days; we will tell you when it is done."},
        {"id": "results", "question": "When will I see my test results and visit summaries?",
         "answer": "As soon as they are ready, usually the same day. Occasionally your clinician holds one to talk "
                   "it through with you first; you will see it listed as pending."},
        {"id": "proxy", "question": "Can I manage my child's or parent's account?",
         "answer": "Yes. Ask the front desk for proxy access; you will then switch between records from the menu."},
        {"id": "wrong-info", "question": "Something in my record is wrong. What do I do?",
         "answer": "Choose Suggest a correction on the item, or add what is missing. A nurse reviews it and you "
                   "will see whether it was accepted."},
        {"id": "new-patients", "question": "Are you accepting new patients?",
         "answer": "Yes, for most plans. Call the front desk to register."},
    ],
    "guide": [
        {"id": "what-for", "title": "What the portal is for",
         "body": "See your health summary, visit summaries, test results and documents; request refills; "
                 "suggest corrections; book, move and cancel visits; send a secure message to your care team. "
                 "It is open at any hour."},
        {"id": "response-times", "title": "What to expect",
         "body": "Messages and requests (a correction, a visit the practice confirms) are answered within one "
                 "business day, "
                 "usually sooner. Refills take up to "
                 "two business days. Visit summaries appear as soon as your clinician writes them."},
        {"id": "emergencies", "title": "Not for emergencies",
         "body": "The portal is not watched around the clock. For an emergency call 911. For an urgent question "
                 "call the practice; after hours the on-call clinician answers."},
        {"id": "privacy", "title": "Your privacy",
         "body": "Emails and texts from us only say that something new is waiting; the details are in the portal. "
                 "You can see who viewed your record under Access log."},
    ],
}


def _announcements(today: date) -> list[dict]:
    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    return [
        {"id": "flu-shots", "title": "Flu shots are here",
         "body": "Walk in for a flu shot Monday to Thursday, 8 am to 4 pm. No appointment needed.",
         "starts_on": day(-14), "ends_on": day(45)},
        {"id": "holiday-closure", "title": "Closed for the holiday",
         "body": "The office will be closed; the on-call clinician answers urgent calls.",
         "starts_on": day(20), "ends_on": day(22)},
        {"id": "new-portal", "title": "Welcome to the new patient portal",
         "body": "Sign in to see your records and request refills.", "starts_on": day(-90), "ends_on": day(-30)},
    ]


def _staff(ids: dict, email: str, name: str, role: str) -> Caller:
    return Caller(user_id=ids[email], email=email, display_name=name, roles=frozenset({role}))


def _patient_caller(email: str, name: str, patient_id: str | None = None) -> Caller:
    from chalicelib.services.accounts import find_user

    user = find_user(email)
    return Caller(user_id=user.user_id, email=email, display_name=name, roles=frozenset({"patient"}),
                  patient_id=patient_id or user.patient_id)


def _upload(caller: Caller, patient_id: str, category: str, filename: str, content_type: str, body: bytes,
            **extra) -> dict:
    """As the browser does it: intent, then the bytes to the key, then registration."""
    from chalicelib import storage
    from chalicelib.services import documents

    intent = documents.start_upload(caller, patient_id, category, content_type, filename, **extra)
    storage.put(intent["key"], body, content_type)
    return documents.register(caller, patient_id, intent["key"], send=False)


def seed_health(ids: dict) -> None:
    from chalicelib.services import change_requests, health, practice_info, visit_summaries
    from devserver import samples

    today = clock.today()  # the practice's day
    for section, items in PRACTICE_INFO.items():
        practice_info.replace_section(None, section, items)
    practice_info.replace_section(None, "announcements", _announcements(today))

    chen = _staff(ids, "dr.chen@example.org", "Dr. Wei Chen", "provider")
    nina = _staff(ids, "nina.patel@example.org", "Nina Patel, RN", "nurse")
    entries: dict[str, dict[str, str]] = {}
    for key, records in RECORDS.items():
        created = health.import_entries(chen, ids[key], [(r[0], r[1]) for r in records])
        entries[key] = {c["title"]: c["entry_id"] for c in created}
        for record, entry in zip(records, created):
            if len(record) > 2:
                health.retire_entry(nina, ids[key], entry["entry_id"], record[2],
                                    "completed" if record[0] == "medications" else None)

    summaries = {}
    for key, days_ago, reason, assessment, instructions, follow_up, hold in VISITS:
        summaries[(key, days_ago)] = visit_summaries.create(chen, ids[key], {
            "visit_date": (today - timedelta(days=days_ago)).isoformat(), "reason": reason,
            "assessment": assessment, "instructions": instructions, "follow_up": follow_up, "hold_reason": hold,
        }, send=False)["summary_id"]

    # Documents: a plan attached to Sam's summary, an insurance card from Alex, a form from Jordan for Sam.
    _upload(chen, ids["sam"], "form", "Asthma action plan.pdf", "application/pdf",
            samples.pdf("Asthma action plan - school copy"), visit_summary_id=summaries[("sam", 25)])
    alex = _patient_caller("alex.morgan@example.org", "Alex Morgan")
    _upload(alex, ids["alex"], "insurance_card", "insurance-card-front.png", "image/png", samples.png())
    jordan = _patient_caller("jordan.morgan@example.org", "Jordan Morgan")
    _upload(jordan, ids["sam"], "form", "School sports physical form.pdf", "application/pdf",
            samples.pdf("Sports physical form"))
    _upload(chen, ids["priya"], "letter", "Work note.pdf", "application/pdf", samples.pdf("Work note"),
            share=True)

    # Requests: one of each state. Alex keeps his pharmacy on file (issue 14): where a refill goes.
    from chalicelib.services import pharmacy

    pharmacy.put(alex, ids["alex"], {"name": "Walgreens, Main Street", "phone": "+13125550177",
                                     "address": {"line1": "410 Main Street", "city": "Springfield", "state": "IL",
                                                 "postal_code": "62701", "country": "US"}})
    change_requests.submit_refill(alex, ids["alex"], entries["alex"]["Lisinopril 10 mg tablet"],
                                  "Pharmacy: Walgreens on Main Street")
    priya = _patient_caller("priya.shah@example.org", "Priya Shah")
    change_requests.submit_correction(priya, ids["priya"], "allergies", "add",
                                      fields={"substance": "Ibuprofen", "reaction": "Stomach pain",
                                              "severity": "mild", "category": "medication"},
                                      note="Started last month")
    stopped = change_requests.submit_correction(
        alex, ids["alex"], "medications", "change", entry_id=entries["alex"]["Cetirizine 10 mg tablet"],
        fields={"status": "stopped"}, note="I stopped taking cetirizine in the summer")
    change_requests.decide(nina, ids["alex"], stopped["request_id"], "accept", send=False)
    declined = change_requests.submit_correction(
        jordan, ids["sam"], "allergies", "add", fields={"substance": "Peanuts", "reaction": "Itchy mouth"},
        note="He said his mouth itched after a peanut butter cookie")
    change_requests.decide(chen, ids["sam"], declined["request_id"], "decline", send=False,
                           note="Let's test for this before adding it. Please book an allergy visit.")

"""Secure messaging with the care team (issue 11).

- settings: topics, pools and rules (one PracticeSection, edited by the admin)
- hours: practice hours and holidays as business time (targets, after-hours answer)
- threads: the patient side and one thread (start, list, read, reply, close)
- inbox: the staff side (inbox by pool and state, assign)
- quick_replies: practice-wide and personal templates
- notices: notifications without PHI (patient, pool, escalation)
- jobs: overdue escalation; metrics: response times per pool
"""

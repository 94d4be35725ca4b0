"""Rollout tools (issue 15, item 5): bulk patient import from the practice system's CSV
export (patient_import.py) and invitations in throttled batches (invite_batches.py; the batch, its settings and
controls: batch_state.py)."""

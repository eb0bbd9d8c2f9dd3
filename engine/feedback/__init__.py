"""Feedback on diagnoses: stored verdicts (SQLite or PostgreSQL), the per-rule report and the
export of wrong answers as ``triage case add`` input."""

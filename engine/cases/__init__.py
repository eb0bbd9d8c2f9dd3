"""Regression cases from solved tickets: ``triage case add`` and the ticket cases that
``triage test`` runs besides the rules' own cases."""

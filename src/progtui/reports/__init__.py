"""Text out of the analysis: the steering report, triage minutes and status JSON; no database."""

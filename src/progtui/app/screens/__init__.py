"""Full screens: the cockpit (main), built in layers: saving, forms, edits, triage."""

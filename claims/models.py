"""Claims, evidence and assessments (built in the [claims] and [scoring] issues)."""

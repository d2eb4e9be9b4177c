"""Use cases. Each function takes the acting user, owns its session and writes the audit trail."""

"""Qt item models over service results (run qtmodeltester on each)."""

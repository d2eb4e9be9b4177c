"""Alembic migration environment, shipped inside the wheel as voiceapp.migrations."""

"""SQLAlchemy models, engine and session factory, migration runner."""

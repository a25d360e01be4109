"""Alembic migrations of the tourlink database (one per schema change, one linear chain)."""

"""The migration scripts: ``rNNNN_<what>.py``, each ``down_revision`` the previous head."""

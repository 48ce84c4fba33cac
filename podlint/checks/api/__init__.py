"""Rules of the ``api`` category: what the API server refuses (validation) and what it warns about."""

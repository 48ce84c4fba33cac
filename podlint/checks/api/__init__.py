"""Rules of the ``api`` category: what the API server refuses (validation) and what it warns about."""

from . import validation, warnings  # noqa: F401  (registers their rules)

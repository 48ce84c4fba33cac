"""Kubernetes JSON schemas shipped with podlint (see bundle.py) and the rule-file schema."""

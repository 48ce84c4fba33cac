"""podlint: a linter and validator for Kubernetes pod manifests, exact to the line and column.

Library use::

    import podlint
    result = podlint.lint_paths(["k8s/"])
    for finding in result.findings:
        print(finding.file, finding.line, finding.column, finding.rule, finding.message)
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Finding", "Severity", "lint_paths", "lint_text", "__version__"]


def lint_paths(paths, config=None, select=None, ignore=None, exclude=()):
    """Lint files and directories; returns a LintResult (findings, files, objects, errors)."""
    from .engine import Linter

    return Linter(config, select, ignore).lint_paths(paths, exclude=exclude)


def lint_text(text: str, filename: str = "<stdin>", config=None, select=None, ignore=None):
    """Lint one manifest text; returns a FileReport (findings, objects)."""
    from .engine import Linter

    return Linter(config, select, ignore).lint_text(text, filename)


def __getattr__(name: str):
    if name in ("Finding", "Severity"):
        from . import findings

        return getattr(findings, name)
    raise AttributeError(f"module 'podlint' has no attribute {name!r}")

"""Rules about compute resources."""

from __future__ import annotations

from typing import Iterator

from ..findings import Violation
from ..model import EPHEMERAL, INIT, Container
from ..registry import Params, rule


@rule("missing-requests")
def missing_requests(container: Container, params: Params) -> Iterator[Violation]:
    if container.role == EPHEMERAL or (container.role == INIT and not params.include_init_containers):
        return
    resources = container.resources
    requests = resources.get("requests") if isinstance(resources.get("requests"), dict) else {}
    limits = resources.get("limits") if isinstance(resources.get("limits"), dict) else {}
    # the API server defaults a missing request to the limit: only both absent is missing
    missing = [name for name in ("cpu", "memory") if name not in requests and name not in limits]
    if missing:
        yield Violation(
            container.path / "resources" / "requests",
            f"{container.label} has no {' or '.join(missing)} request",
            on="key",
        )

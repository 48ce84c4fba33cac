"""Rules about container images."""

from __future__ import annotations

from typing import Iterator

from ..findings import Violation
from ..imageref import ImageRef
from ..model import Container
from ..registry import Params, rule


@rule("latest-tag")
def latest_tag(container: Container, params: Params) -> Iterator[Violation]:
    ref = ImageRef.parse(container.image)
    if ref is None or ref.digest or ref.tag in params.allowed_tags:
        return
    if ref.tag is None:
        yield Violation(container.path / "image", f'{container.label} uses image "{container.image}" with no tag')
    elif ref.tag == "latest":
        yield Violation(container.path / "image", f'{container.label} uses image "{container.image}" with the "latest" tag')

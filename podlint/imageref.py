"""Container image references: ``[registry[:port]/]repository[:tag][@digest]``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ImageRef:
    repository: str  # with its registry, e.g. "ghcr.io/org/app"
    tag: str | None
    digest: str | None

    @classmethod
    def parse(cls, image: str | None) -> ImageRef | None:
        """Split an image reference; None when there is no image to speak of."""
        if not image or not image.strip():
            return None
        name, _, digest = image.partition("@")
        slash = name.rfind("/")
        colon = name.rfind(":")
        if colon > slash:  # a colon after the last slash separates the tag (not a registry port)
            repository, tag = name[:colon], name[colon + 1 :]
        else:
            repository, tag = name, None
        return cls(repository, tag, digest or None)

    @property
    def name(self) -> str:
        """The last component of the repository: ``mysql`` for ``docker.io/library/mysql``."""
        return self.repository.rsplit("/", 1)[-1]

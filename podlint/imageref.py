"""Container image references: ``[registry[:port]/]repository[:tag][@digest]``.

Read as Docker reads them (github.com/distribution/reference, which the kubelet and the
API server's defaulting use): the first component of the name is a registry only when it
contains a ``.`` or a ``:``, is ``localhost``, or has an upper-case letter; otherwise the
image is on Docker Hub, ``docker.io``, and a one-component name is an official image under
``library/``: ``nginx`` is ``docker.io/library/nginx``.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from functools import lru_cache

DOCKER_HUB = "docker.io"
_LEGACY_DOCKER_HUB = "index.docker.io"  # distribution/reference's legacyDefaultDomain
_OFFICIAL = "library/"

# distribution/reference regexp.go, with Go's RE2 classes spelled out (\w is ASCII there).
_PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?"
_REFERENCE = re.compile(
    rf"(?P<name>(?:{_DOMAIN}/)?{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*)"
    r"(?::(?P<tag>[\w][\w.-]{0,127}))?"
    r"(?:@(?P<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?",
    re.ASCII,
)
_IDENTIFIER = re.compile(r"[a-f0-9]{64}")
# go-digest: the algorithms the kubelet links in, and the length of their hex encoding
_DIGEST_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}
_NAME_TOTAL_LENGTH_MAX = 255


class ImageRef(NamedTuple):
    repository: str  # as written, with its registry if any, e.g. "ghcr.io/org/app" or "nginx"
    tag: str | None
    digest: str | None

    @classmethod
    def parse(cls, image: str | None) -> ImageRef | None:
        """Split an image reference; None when there is no image to speak of.

        Lenient: a reference Docker would refuse is still split as well as it can be
        (:attr:`valid` says whether it would be accepted).
        """
        if not image or not image.strip():
            return None
        return _parse(image)

    @classmethod
    def _parse(cls, image: str) -> ImageRef:
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

    @property
    def domain(self) -> str | None:
        """The registry as written, e.g. ``ghcr.io`` or ``localhost:5000``; None when the name has none."""
        first, slash, _ = self.repository.partition("/")
        if slash and (first == "localhost" or "." in first or ":" in first or first.lower() != first):
            return first
        return None

    @property
    def registry(self) -> str:
        """The registry the image is pulled from: the domain, or ``docker.io`` when there is none."""
        domain = self.domain
        if domain is None or domain == _LEGACY_DOCKER_HUB:
            return DOCKER_HUB
        return domain

    @property
    def path(self) -> str:
        """The repository within its registry: ``library/nginx`` for ``nginx``, ``org/app`` for ``ghcr.io/org/app``."""
        path = self.repository if self.domain is None else self.repository.partition("/")[2]
        if self.registry == DOCKER_HUB and "/" not in path:
            path = _OFFICIAL + path
        return path

    @property
    def normalized(self) -> str:
        """The fully qualified repository, without tag or digest: ``docker.io/library/nginx``."""
        return f"{self.registry}/{self.path}"

    @property
    def valid(self) -> bool:
        """Whether Docker's parser (``ParseNormalizedNamed``, as the kubelet calls it) accepts the reference."""
        return _valid(self)

    def _valid(self) -> bool:
        original = self.repository + (f":{self.tag}" if self.tag is not None else "")
        original += f"@{self.digest}" if self.digest is not None else ""
        if _IDENTIFIER.fullmatch(original):  # a bare image ID is not a name
            return False
        if self.path.lower() != self.path:  # upper case is allowed in the registry only
            return False
        match = _REFERENCE.fullmatch(self.normalized + original[len(self.repository) :])
        if match is None or len(match["name"]) > _NAME_TOTAL_LENGTH_MAX:
            return False
        if match["digest"] is not None:
            algorithm, _, encoded = match["digest"].partition(":")
            if _DIGEST_LENGTHS.get(algorithm) != len(encoded) or encoded.lower() != encoded:
                return False
        return True


# Manifests repeat the same few images: each reference is parsed and checked once (an ImageRef is immutable).
_parse = lru_cache(maxsize=4096)(ImageRef._parse)
_valid = lru_cache(maxsize=4096)(ImageRef._valid)

"""Image references read as Docker reads them (github.com/distribution/reference, normalize.go)."""

from __future__ import annotations

import pytest

from podlint.imageref import ImageRef

DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize(
    "image, domain, normalized",
    [
        ("nginx", None, "docker.io/library/nginx"),
        ("nginx:1.27", None, "docker.io/library/nginx"),
        ("bitnami/redis:7", None, "docker.io/bitnami/redis"),  # "bitnami" has no "." or ":": not a registry
        ("a/b/c", None, "docker.io/a/b/c"),
        ("docker.io/nginx", "docker.io", "docker.io/library/nginx"),
        ("index.docker.io/nginx", "index.docker.io", "docker.io/library/nginx"),  # the legacy Docker Hub name
        ("docker.io/bitnami/redis", "docker.io", "docker.io/bitnami/redis"),
        ("ghcr.io/org/app:v1", "ghcr.io", "ghcr.io/org/app"),
        ("ghcr.io/app", "ghcr.io", "ghcr.io/app"),  # "library/" is Docker Hub's alone
        ("localhost/app", "localhost", "localhost/app"),
        ("localhost:5000/app:v2", "localhost:5000", "localhost:5000/app"),
        ("registry:5000/team/app", "registry:5000", "registry:5000/team/app"),
        ("[::1]:5000/app", "[::1]:5000", "[::1]:5000/app"),
        ("Registry/app", "Registry", "Registry/app"),  # upper case is allowed in a registry only
        ("localhost:5000", None, "docker.io/library/localhost"),  # one component: a name with the tag "5000"
        ("example.com", None, "docker.io/library/example.com"),
        (f"nginx@{DIGEST}", None, "docker.io/library/nginx"),
    ],
)
def test_registry_and_normalized_name(image, domain, normalized):
    ref = ImageRef.parse(image)
    assert (ref.domain, ref.normalized) == (domain, normalized)
    assert ref.valid


@pytest.mark.parametrize(
    "image",
    [
        "Nginx",  # upper case in the repository
        "myorg/App",
        "quay.io/Org/app",
        "nginx:-1",  # a tag starts with a word character
        "nginx:" + "a" * 129,  # at most 128 characters
        "nginx@sha256:abc",  # too short for sha256
        "nginx@sha256:" + "A" * 64,  # go-digest wants lower-case hex
        "nginx@md5:" + "a" * 32,  # not an algorithm the kubelet knows
        "a" * 64,  # an image ID, not a name
        "nginx ",
        "foo:bar/baz",  # "foo:bar" would be a registry with a port that is not a number
        "$IMAGE",
        "{{ .Values.image }}",
        "<image_url>",
        "registry.example.com/" + "a" * 240,  # a name of more than 255 characters
    ],
)
def test_references_docker_refuses(image):
    assert not ImageRef.parse(image).valid

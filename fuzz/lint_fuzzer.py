"""Coverage-guided fuzzing of podlint's loader, rules and reporters (atheris, libFuzzer).

    pip install '.[fuzz]'
    python fuzz/lint_fuzzer.py -max_total_time=1800 -timeout=10 -rss_limit_mb=2048 /tmp/podlint-fuzz

Each input is a file's bytes. It is linted with every rule (opt-in ones included, the
scheduling rules against a node inventory), the result is written in every output format,
and it is read as a node inventory too; ``invariants.py`` says what must hold. An empty
corpus directory is first seeded with the catalogue's examples, the bundled examples and
the regression inputs. A crash or a hang (over ``-timeout`` seconds) leaves its input in a ``crash-*`` or ``timeout-*`` file: copy it into
``tests/regressions/``, where the tests replay every input that ever broke podlint.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "fuzz")]  # this checkout's podlint, not an installed copy
import invariants  # noqa: E402

with atheris.instrument_imports():  # the rule modules are imported by the Linter: inside too
    import podlint.scheduling.fit  # noqa: F401
    import podlint.scheduling.workloads  # noqa: F401
    from podlint.registry import catalogue

    LINTER = invariants.linter()


def check(data: bytes) -> None:
    invariants.check(LINTER, data)


def seed(corpus: Path) -> None:
    from podlint.examples import strip_markers

    texts = [
        strip_markers(example[kind]).encode()
        for spec in catalogue().values()
        for example in spec.examples
        for kind in ("bad", "good")
        if kind in example
    ]
    texts += [path.read_bytes() for path in sorted((ROOT / "examples").rglob("*.yaml"))]
    texts += [path.read_bytes() for path in sorted((ROOT / "tests" / "regressions").glob("*")) if path.is_file()]
    corpus.mkdir(parents=True, exist_ok=True)
    for data in texts:
        (corpus / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main() -> None:
    corpora = [Path(arg) for arg in sys.argv[1:] if not arg.startswith("-")]
    if corpora and (not corpora[0].exists() or not any(corpora[0].iterdir())):
        seed(corpora[0])
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

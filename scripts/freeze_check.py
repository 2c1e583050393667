"""`make freeze-check`: the virtualenv holds exactly what the exported lock says, no more.

Reads the hashed requirements file that `make` exported from uv.lock, keeps the entries whose
environment markers apply to this interpreter, and compares names and versions with the
distributions installed in this virtualenv (what `pip freeze` lists).
"""

import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def locked(requirements: Path) -> dict[str, str]:
    pins = {}
    for line in requirements.read_text().splitlines():
        if not line or line[0] in " #-":
            continue
        requirement = Requirement(line.rstrip(" \\"))
        if requirement.marker is None or requirement.marker.evaluate():
            (specifier,) = requirement.specifier
            pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def installed() -> dict[str, str]:
    return {
        canonicalize_name(dist.metadata["Name"]): dist.version for dist in metadata.distributions()
    }


def main() -> int:
    expected, actual = locked(Path(sys.argv[1])), installed()
    differences = [
        f"{name}: locked {expected.get(name, '-')}, installed {actual.get(name, '-')}"
        for name in sorted(expected.keys() | actual.keys())
        if expected.get(name) != actual.get(name)
    ]
    for difference in differences:
        print(difference, file=sys.stderr)
    if differences:
        print("the virtualenv differs from uv.lock: rm -rf .venv, run make again", file=sys.stderr)
        return 1
    print(f"virtualenv = lock: {len(actual)} distributions, same versions")
    return 0


if __name__ == "__main__":
    sys.exit(main())

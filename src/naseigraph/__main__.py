"""`python -m naseigraph`, the same as the `naseigraph` command."""

from naseigraph.cli import main

if __name__ == "__main__":  # not when a tool imports it (pytest --doctest-modules)
    raise SystemExit(main())

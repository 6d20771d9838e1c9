"""`python -m naseigraph`, the same as the `naseigraph` command."""

from naseigraph.cli import main

raise SystemExit(main())

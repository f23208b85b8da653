"""`python -m derechos.check`: the link and metadata checker (see derechos.check.cli)."""

from derechos.check.cli import main

raise SystemExit(main())

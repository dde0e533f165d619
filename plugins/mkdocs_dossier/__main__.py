"""`python -m mkdocs_dossier check`, the same as the `dossier` command."""

import sys

from .cli import main

sys.exit(main())

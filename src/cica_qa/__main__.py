"""`python -m cica_qa`: the `cica-qa` command."""

import sys

from cica_qa.cli import main

sys.exit(main())

"""`python -m ingest`."""

import sys

from cica_qa.ingest.cli import main

sys.exit(main())

"""`python -m bench`."""

import sys

from cica_qa.bench.run import main

sys.exit(main())

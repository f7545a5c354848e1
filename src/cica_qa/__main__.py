"""`python -m cica_qa`: the `cica-qa` command."""

from cica_qa.cli import run

run()

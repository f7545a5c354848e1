import subprocess
import sys

from cica_qa.index.layout import IndexLayout
from cica_qa.index.lock import ingest_lock

SECOND_INGEST = (
    "import sys; from pathlib import Path; from cica_qa.index.lock import ingest_lock\n"
    "from cica_qa.index.layout import IndexLayout\n"
    "try:\n"
    "    with ingest_lock(IndexLayout(Path(sys.argv[1]))): print('got the lock')\n"
    "except Exception as error: print(error); sys.exit(3)\n"
)


def second_ingest(index_dir) -> subprocess.CompletedProcess:
    """Try the lock from a separate process, as a second `cica-qa ingest` would."""
    return subprocess.run(
        [sys.executable, "-c", SECOND_INGEST, str(index_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_second_ingest_refuses_while_the_first_holds_the_lock(tmp_path):
    with ingest_lock(IndexLayout(tmp_path)):
        second = second_ingest(tmp_path)
    assert second.returncode == 3
    assert second.stdout.startswith("another ingest (pid ")
    assert "wait for it to finish, then run this one again" in second.stdout


def test_the_lock_is_free_again_after_use(tmp_path):
    with ingest_lock(IndexLayout(tmp_path)):
        pass
    second = second_ingest(tmp_path)
    assert (second.returncode, second.stdout.strip()) == (0, "got the lock")

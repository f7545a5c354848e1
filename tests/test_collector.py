import gc

import pytest

from cica_qa.collector import collections_paused


def test_collections_pause_inside_and_resume_as_they_were():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collections_paused():
        assert not gc.isenabled()
        raise RuntimeError("an error inside")
    assert gc.isenabled()  # resumed even after an error
    gc.disable()
    try:
        with collections_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # paused before: still paused
    finally:
        gc.enable()

import base64

from cica_qa.web.server import basic_credentials


def test_basic_credentials_are_read_from_the_header():
    token = base64.b64encode(b"maria:pa:ss word").decode()
    assert basic_credentials(f"Basic {token}") == ("maria", "pa:ss word")
    assert basic_credentials(None) is None
    assert basic_credentials("Bearer abc") is None
    assert basic_credentials("Basic !!!") is None
    assert basic_credentials("Basic " + base64.b64encode(b"no-colon").decode()) is None

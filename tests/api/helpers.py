"""Assertions shared by the API tests."""


def error_of(response) -> dict:
    """The `error` object of an API error body, checking that the shape is the common one."""
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["message"]
    return body["error"]

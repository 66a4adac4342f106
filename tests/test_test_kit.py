"""The test kit itself: the suite's Redis database is its own."""

import redis
from django.conf import settings

from tests.conftest import SUITE_MARK, claim_redis, empty_suite_redis


def test_the_suite_refuses_a_redis_database_holding_keys_it_did_not_create():
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete(SUITE_MARK)  # as if this were somebody else's database …
    client.set("someone-elses-session", "keep me")
    try:
        refusal = claim_redis(settings.REDIS_URL)
        assert refusal is not None and "1 keys this suite did not create" in refusal
        assert client.get("someone-elses-session") == b"keep me"
    finally:
        client.delete("someone-elses-session")
    # … and an empty database is claimed: marked, then emptied between tests, mark kept.
    assert claim_redis(settings.REDIS_URL) is None
    assert client.exists(SUITE_MARK)
    client.set("left-by-a-test", "1")
    empty_suite_redis()
    assert client.keys("*") == [SUITE_MARK.encode()]

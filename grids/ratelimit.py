"""Fixed-window counters for the public pages: one atomic INCR in Redis per hit.

The SQLite demo without Redis counts in local memory (one process), which is enough there.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    """The client's address as our own proxies saw it.

    With NUM_PROXIES = n, the n-th address from the right of X-Forwarded-For is the one our
    first proxy received the connection from; anything left of it the client wrote itself,
    so a forged header cannot give a fresh identity.
    """
    if settings.NUM_PROXIES:
        hops = [
            h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()
        ]
        if len(hops) >= settings.NUM_PROXIES:
            return hops[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR", "")


def hit(bucket: str, limit: int, window: int | None = None) -> bool:
    """Count one hit in `bucket`; False once the bucket is over `limit` in this window."""
    window = window or settings.RATE_LIMIT_WINDOW_SECONDS
    key = f"rl:{bucket}:{int(time.time() // window)}"
    try:
        cache.add(key, 0, timeout=window + 5)
        count = cache.incr(key)
    except Exception as exc:  # the cache is down: let residents through, say so in the log
        logger.warning("rate limiter unavailable: %s", exc)
        return True
    return count <= limit


def allow_submission(request: HttpRequest, qr_token: str) -> bool:
    """Both the client's IP and the QR code must be under their limits."""
    ip_ok = hit(f"ip:{client_ip(request)}", settings.RATE_LIMIT_PER_IP)
    code_ok = hit(f"qr:{qr_token}", settings.RATE_LIMIT_PER_CODE)
    return ip_ok and code_ok

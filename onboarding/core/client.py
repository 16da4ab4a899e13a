"""Who is asking: the client's network address, as far as it can be trusted.

Without a proxy (``TRUSTED_PROXY_HOPS = 0``) the address is ``REMOTE_ADDR``
and ``X-Forwarded-For`` is ignored: anyone can write that header. Behind
``n`` proxies that each append the address they received the request from,
the client is the ``n``-th entry from the right of ``X-Forwarded-For``;
entries further left were written by the client and are never read.

IPv6 addresses are reduced to their /64 network: one subscriber usually
holds a whole /64, so counting single addresses would let one machine act as
billions of clients.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest | None) -> str:
    """The address to count a request against; "" when there is none."""
    if request is None:
        return ""
    remote = _normalised(request.META.get("REMOTE_ADDR", ""))
    hops = int(getattr(settings, "TRUSTED_PROXY_HOPS", 0))
    if hops <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if not forwarded:
        return remote
    # Fewer entries than proxies: the leftmost one was still written by one of ours.
    candidate = forwarded[-hops] if len(forwarded) >= hops else forwarded[0]
    return _normalised(candidate) or remote


def _normalised(raw: str) -> str:
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)

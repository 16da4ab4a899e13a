"""The kernel: what every app uses, depending on none of them.

- ``htmx``: page or fragment, redirects back, forbidden and malformed answers;
- ``versioning``: the one optimistic-lock save and its ``StaleVersion``;
- ``events``: "the plan's data changed", announced after commit;
- ``enqueue``: hand work to Celery after commit;
- ``i18n``: dates and digits the way each reader expects them;
- ``middleware``: the content-security policy and the user's own language;
- ``client``: the client's network address, behind ``TRUSTED_PROXY_HOPS`` proxies;
- ``text``: ``check_single_line`` for writes that bypass ``forms.SingleLineField``.

Nothing here imports a model or a module of the apps (``make lint`` checks it).
"""

"""The quick-win tracker: board, "my quick wins", milestones, history, announcement.

``models`` (tables), ``rules`` (no models), ``services`` (writes, each leaving a
history event), ``selectors`` (reads for the pages), ``forms``, ``views`` and
``urls`` (under ``/plans/<id>/quick-wins/``).
"""

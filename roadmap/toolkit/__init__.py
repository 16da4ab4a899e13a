"""The manager's toolkit: one folder per tool, each completing a playbook task.

``introduction/`` and ``habits/`` (Prepare), ``diagnostic/`` and
``challenges/`` (Assess), ``budget/`` (Plan), ``risk_checks/`` (monthly).
Each folder has its ``rules`` (no models), ``services`` (writes),
``selectors`` (reads), ``forms`` and ``views``; ``models.py`` holds every
tool's tables, ``urls.py`` the ``/plans/<id>/toolkit/`` URLs, ``hub.py`` the
hub, ``playbook_tasks.py`` the rule that finishing a tool finishes its task.
"""

"""Changes to people that make a plan's kept pages out of date (see page_cache).

Wired as signals rather than in the services so that every path counts: the
app's own views, the admin, a shell. A member joining, changing role or
leaving changes who may see the plan; a user saved may have a new name,
language, password or be deactivated, all of which show on (or close) every
plan they belong to.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Membership, User
from .page_cache import plan_changed, plans_of_user_changed, session_signed_out


@receiver([post_save, post_delete], sender=Membership, dispatch_uid="membership_changes_plan")
def membership_changed(sender: type[Membership], instance: Membership, **kwargs: Any) -> None:
    plan_changed(instance.plan_id)


@receiver(post_save, sender=User, dispatch_uid="user_changes_plans")
def user_saved(sender: type[User], instance: User, created: bool, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if created or (update_fields is not None and set(update_fields) == {"last_login"}):
        return  # no plans yet; signing in changes nothing on a page
    plans_of_user_changed(instance.pk)


@receiver(user_logged_out, dispatch_uid="signed_out_visits")
def signed_out(sender: Any, request: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    session_signed_out(session.session_key if session is not None else None)

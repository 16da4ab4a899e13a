"""Writes to the stakeholder register.

Views validate input with forms, then call these functions; the rules (scales,
e-mails unique per plan, same-plan links, no reporting circles, dates not in
the future, versions) are enforced here too, so an import, a command or a
task cannot bypass them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from onboarding.core.events import announce_plan_changed
from onboarding.core.i18n import numbers
from onboarding.core.versioning import save_versioned
from onboarding.models import Membership, Plan, User
from onboarding.rights import Right, roles_with
from roadmap.models import Phase, Task
from roadmap.rules import FIRST_DAY, LAST_DAY
from roadmap.services import task_create

from . import csv_io, rules
from .models import (
    Attitude,
    FollowUp,
    Interaction,
    InteractionKind,
    InterviewAnswer,
    Kind,
    PendingImport,
    Relationship,
    Scope,
    Stakeholder,
    Tag,
)
from .questions import question

FOLLOW_UP_MAX_LENGTH = 300
FOLLOW_UPS_MAX = 20
FOLLOW_UP_TASK_DAYS = 7  # a follow-up task is due within a week (inside its phase)
NOTES_MAX_LENGTH = 20_000
ANSWER_MAX_LENGTH = 4000
PENDING_IMPORT_HOURS = 24


class AlreadyOnRoadmap(Exception):
    def __init__(self, task: Task) -> None:
        super().__init__("already a task")
        self.task = task


class ImportInvalid(Exception):
    """The rows (or the column choice) have problems; nothing was imported."""

    def __init__(self, result: csv_io.CheckResult) -> None:
        super().__init__("import has problems")
        self.result = result


# --- Stakeholders --------------------------------------------------------------


@dataclass(frozen=True)
class StakeholderFields:
    """Everything the manager edits about a stakeholder."""

    name: str
    kind: str = Kind.PERSON
    title: str = ""
    organisation: str = ""
    scope: str = Scope.INTERNAL
    relationship: str = Relationship.OTHER
    email: str = ""
    power: int | None = None
    interest: int | None = None
    attitude: str = ""
    influence_note: str = ""
    # Private unless shared: the executive reads attitude and influence note only then.
    assessment_shared: bool = False
    reports_to: Stakeholder | None = None
    influences: Sequence[Stakeholder] = ()
    cadence_days: int | None = None
    tags: Sequence[str] = ()
    shared_with: Sequence[User] = field(default_factory=tuple)


def _checked(
    plan: Plan, fields: StakeholderFields, instance: Stakeholder | None
) -> StakeholderFields:
    """Normalise and check ``fields``; raise one ValidationError keyed by field."""
    errors: dict[str, list[str]] = {}

    def add(error: ValidationError) -> None:
        for key, messages in error.message_dict.items():
            errors.setdefault(key, []).extend(messages)

    name = " ".join(fields.name.split())
    if not name:
        errors["name"] = [_("Give the person or group a name.")]
    email = fields.email.strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid e-mail address.")]
        else:
            clash = Stakeholder.objects.filter(plan=plan, email=email)
            if instance is not None:
                clash = clash.exclude(pk=instance.pk)
            other = clash.first()
            if other is not None:
                errors["email"] = [
                    _("%(name)s already has this e-mail address in the register.")
                    % {"name": other.name}
                    + (" " + _("(archived)") if other.is_archived else "")
                ]
    for key, value, allowed in (
        ("kind", fields.kind, Kind.values),
        ("scope", fields.scope, Scope.values),
        ("relationship", fields.relationship, Relationship.values),
        ("attitude", fields.attitude, ["", *Attitude.values]),
    ):
        if value not in allowed:
            errors.setdefault(key, []).append(_("Choose one of the listed options."))
    for check in (
        lambda: rules.check_scale(fields.power, "power"),
        lambda: rules.check_scale(fields.interest, "interest"),
        lambda: rules.check_cadence(fields.cadence_days),
    ):
        try:
            check()
        except ValidationError as error:
            add(error)
    try:
        tags = rules.parse_tags(fields.tags)
    except ValidationError as error:
        add(error)
        tags = []

    own_id = instance.pk if instance is not None else None
    boss = fields.reports_to
    if boss is not None:
        if boss.plan_id != plan.pk:
            errors["reports_to"] = [_("Choose someone from this plan's register.")]
        elif boss.pk == own_id:
            errors["reports_to"] = [_("Nobody reports to themself.")]
        else:
            chain = dict(Stakeholder.objects.filter(plan=plan).values_list("pk", "reports_to_id"))
            if rules.creates_reporting_cycle(own_id, boss.pk, chain):
                errors["reports_to"] = [
                    _(
                        "%(boss)s already reports (directly or not) to this person; "
                        "that would make a circle."
                    )
                    % {"boss": boss.name}
                ]
    influences = list(dict.fromkeys(fields.influences))
    if any(other.plan_id != plan.pk for other in influences):
        errors["influences"] = [_("Choose people from this plan's register.")]
    elif own_id is not None and any(other.pk == own_id for other in influences):
        errors["influences"] = [_("Someone cannot influence themself; remove them from the list.")]
    shared_with = list(dict.fromkeys(fields.shared_with))
    if shared_with:
        members = set(
            Membership.objects.filter(
                plan=plan,
                role__in=roles_with(Right.VIEW_SHARED_STAKEHOLDERS),
                user__in=shared_with,
            ).values_list("user_id", flat=True)
        )
        if any(user.pk not in members for user in shared_with):
            errors["shared_with"] = [_("Share only with team members of this plan.")]
    if errors:
        raise ValidationError(errors)
    return replace(
        fields,
        name=name,
        title=fields.title.strip(),
        organisation=fields.organisation.strip(),
        email=email,
        influence_note=fields.influence_note.strip(),
        influences=influences,
        tags=tags,
        shared_with=shared_with,
    )


def _tags(plan: Plan, names: Sequence[str]) -> list[Tag]:
    """The plan's tags with these names (any case), creating the missing ones."""
    if not names:
        return []
    existing = {t.name.casefold(): t for t in Tag.objects.filter(plan=plan)}
    tags = []
    for name in names:
        tag = existing.get(name.casefold())
        if tag is None:
            tag = Tag.objects.create(plan=plan, name=name)
            existing[name.casefold()] = tag
        tags.append(tag)
    return tags


def _email_taken(email: str) -> ValidationError:
    return ValidationError(
        {"email": [_("Someone else was just saved with this e-mail address. Reload and check.")]}
    )


def _set_relations(stakeholder: Stakeholder, fields: StakeholderFields) -> None:
    stakeholder.influences.set(fields.influences)
    stakeholder.tags.set(_tags(stakeholder.plan, fields.tags))
    stakeholder.shared_with.set(fields.shared_with)


_SCALAR_FIELDS = (
    "name",
    "kind",
    "title",
    "organisation",
    "scope",
    "relationship",
    "email",
    "power",
    "interest",
    "attitude",
    "influence_note",
    "assessment_shared",
    "cadence_days",
)


@transaction.atomic
def stakeholder_create(*, plan: Plan, fields: StakeholderFields) -> Stakeholder:
    fields = _checked(plan, fields, None)
    stakeholder = Stakeholder(
        plan=plan,
        reports_to=fields.reports_to,
        **{name: getattr(fields, name) for name in _SCALAR_FIELDS},
    )
    try:
        with transaction.atomic():
            stakeholder.save()
    except IntegrityError:
        raise _email_taken(fields.email) from None
    _set_relations(stakeholder, fields)
    announce_plan_changed(stakeholder.plan_id)
    return stakeholder


def _locked(stakeholder: Stakeholder) -> Stakeholder:
    """The stakeholder's row as it is now, locked until the transaction ends.

    Interactions move the last contact without an edit of the stakeholder, so
    an edit reads it under the lock; the version check is ``save_versioned``'s.
    """
    return Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)


@transaction.atomic
def stakeholder_update(
    *, stakeholder: Stakeholder, fields: StakeholderFields, expected_version: int | None = None
) -> Stakeholder:
    """Save an edit, unless someone saved the stakeholder after ``expected_version``."""
    current = _locked(stakeholder)
    fields = _checked(stakeholder.plan, fields, current)
    changes = {name: getattr(fields, name) for name in _SCALAR_FIELDS}
    try:
        with transaction.atomic():
            save_versioned(
                Stakeholder.objects.all(),
                stakeholder,
                expected_version=expected_version,
                **changes,
                reports_to=fields.reports_to,
                contact_due_on=rules.contact_due(current.last_contact_on, fields.cadence_days),
            )
    except IntegrityError:
        raise _email_taken(fields.email) from None
    _set_relations(stakeholder, fields)
    announce_plan_changed(stakeholder.plan_id)
    return stakeholder


@transaction.atomic
def stakeholder_archive(*, stakeholder: Stakeholder, expected_version: int | None = None) -> None:
    """Take someone off the register's lists and the grid; their history stays."""
    current = _locked(stakeholder)
    save_versioned(
        Stakeholder.objects.all(),
        stakeholder,
        expected_version=expected_version,
        archived_at=current.archived_at or timezone.now(),
    )
    announce_plan_changed(stakeholder.plan_id)


@transaction.atomic
def stakeholder_restore(*, stakeholder: Stakeholder, expected_version: int | None = None) -> None:
    _locked(stakeholder)
    save_versioned(
        Stakeholder.objects.all(), stakeholder, expected_version=expected_version, archived_at=None
    )
    announce_plan_changed(stakeholder.plan_id)


# --- Interactions ----------------------------------------------------------------


def _check_interaction(
    *,
    kind: str,
    date: dt.date,
    sentiment: int | None,
    notes: str,
    answers: Mapping[str, str],
    follow_ups: Sequence[str],
    today: dt.date,
) -> tuple[dict[str, str], list[str]]:
    errors: dict[str, list[str]] = {}
    if kind not in InteractionKind.values:
        errors["kind"] = [_("Choose what kind of contact this was.")]
    for check in (
        lambda: rules.check_interaction_date(date, today),
        lambda: rules.check_sentiment(sentiment),
    ):
        try:
            check()
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    if len(notes) > NOTES_MAX_LENGTH:
        errors["notes"] = [
            _("Notes can be at most %(max)s characters long.") % numbers({"max": NOTES_MAX_LENGTH})
        ]
    clean_answers: dict[str, str] = {}
    for key, text in answers.items():
        if question(key) is None:
            errors.setdefault("answers", []).append(_("An answer names an unknown question."))
            continue
        if len(text) > ANSWER_MAX_LENGTH:
            errors.setdefault(f"answer_{key}", []).append(
                _("An answer can be at most %(max)s characters long.")
                % numbers({"max": ANSWER_MAX_LENGTH})
            )
        clean_answers[key] = text.strip()
    lines = [" ".join(line.split()) for line in follow_ups]
    lines = [line for line in lines if line]
    if len(lines) > FOLLOW_UPS_MAX:
        errors["follow_ups"] = [
            _("Note at most %(max)s follow-ups at a time.") % numbers({"max": FOLLOW_UPS_MAX})
        ]
    for line in lines:
        if len(line) > FOLLOW_UP_MAX_LENGTH:
            errors.setdefault("follow_ups", []).append(
                _("Each follow-up can be at most %(max)s characters: “%(start)s…”.")
                % numbers({"max": FOLLOW_UP_MAX_LENGTH, "start": line[:40]})
            )
    if errors:
        raise ValidationError(errors)
    return clean_answers, lines


def _refresh_contact(stakeholder: Stakeholder) -> None:
    """Recompute last contact and the next due date from the interactions.

    The caller holds the stakeholder's row lock (``_locked``). The version is
    left alone: this is not an edit by the manager, and must not make their
    open edit form stale.
    """
    last = Interaction.objects.filter(stakeholder=stakeholder).aggregate(last=Max("date"))["last"]
    Stakeholder.objects.filter(pk=stakeholder.pk).update(
        last_contact_on=last, contact_due_on=rules.contact_due(last, stakeholder.cadence_days)
    )
    announce_plan_changed(stakeholder.plan_id)


def _save_answers(interaction: Interaction, answers: Mapping[str, str]) -> None:
    """Keep one row per answered question; an emptied answer is removed."""
    existing = {a.question_key: a for a in interaction.answers.all()}
    for key, text in answers.items():
        row = existing.get(key)
        if not text:
            if row is not None:
                row.delete()
        elif row is None:
            InterviewAnswer.objects.create(interaction=interaction, question_key=key, answer=text)
        elif row.answer != text:
            row.answer = text
            row.save(update_fields=["answer"])


@transaction.atomic
def interaction_create(
    *,
    stakeholder: Stakeholder,
    kind: str,
    date: dt.date,
    sentiment: int | None = None,
    notes: str = "",
    answers: Mapping[str, str] | None = None,
    follow_ups: Sequence[str] = (),
    created_by: User | None = None,
    today: dt.date | None = None,
) -> Interaction:
    """Log a conversation; answers are kept per question, follow-ups per line."""
    today = today or stakeholder.plan.local_today()
    clean_answers, lines = _check_interaction(
        kind=kind,
        date=date,
        sentiment=sentiment,
        notes=notes,
        answers=answers or {},
        follow_ups=follow_ups,
        today=today,
    )
    locked = _locked(stakeholder)
    interaction = Interaction.objects.create(
        plan_id=locked.plan_id,
        stakeholder=locked,
        kind=kind,
        date=date,
        sentiment=sentiment,
        notes=notes.strip(),
        created_by=created_by,
    )
    InterviewAnswer.objects.bulk_create(
        InterviewAnswer(interaction=interaction, question_key=key, answer=text)
        for key, text in clean_answers.items()
        if text
    )
    FollowUp.objects.bulk_create(FollowUp(interaction=interaction, text=line) for line in lines)
    _refresh_contact(locked)
    return interaction


@transaction.atomic
def interaction_update(
    *,
    interaction: Interaction,
    kind: str,
    date: dt.date,
    sentiment: int | None = None,
    notes: str = "",
    answers: Mapping[str, str] | None = None,
    new_follow_ups: Sequence[str] = (),
    today: dt.date | None = None,
) -> Interaction:
    stakeholder = interaction.stakeholder
    today = today or stakeholder.plan.local_today()
    clean_answers, lines = _check_interaction(
        kind=kind,
        date=date,
        sentiment=sentiment,
        notes=notes,
        answers=answers or {},
        follow_ups=new_follow_ups,
        today=today,
    )
    locked = _locked(stakeholder)
    interaction.kind, interaction.date, interaction.sentiment = kind, date, sentiment
    interaction.notes = notes.strip()
    interaction.save(update_fields=["kind", "date", "sentiment", "notes", "updated_at"])
    _save_answers(interaction, clean_answers)
    FollowUp.objects.bulk_create(FollowUp(interaction=interaction, text=line) for line in lines)
    _refresh_contact(locked)
    return interaction


@transaction.atomic
def interaction_delete(*, interaction: Interaction) -> None:
    """Remove a logged interaction; roadmap tasks made from its follow-ups stay."""
    locked = _locked(interaction.stakeholder)
    interaction.delete()
    _refresh_contact(locked)


# --- Follow-ups -----------------------------------------------------------------


def _phase_for_day(plan: Plan, day: int) -> Phase:
    """The phase a new task on ``day`` belongs to: the latest-starting one running then.

    On day 12 that is Assess rather than Prepare; Communicate (all 100 days)
    only when nothing else runs.
    """
    phase = (
        Phase.objects.filter(plan=plan, start_day__lte=day, end_day__gte=day)
        .order_by("-start_day", "order")
        .first()
    )
    if phase is None:
        raise ValidationError(
            _("No phase of your plan runs on day %(day)s; widen a phase on the timeline first.")
            % numbers({"day": day})
        )
    return phase


@transaction.atomic
def follow_up_to_task(
    *, follow_up: FollowUp, owner: User | None, today: dt.date | None = None
) -> Task:
    """Turn a follow-up into a roadmap task due within a week; once only."""
    locked = (
        FollowUp.objects.select_for_update(of=("self",)).select_related("task").get(pk=follow_up.pk)
    )
    if locked.task is not None:
        raise AlreadyOnRoadmap(locked.task)
    interaction = follow_up.interaction
    stakeholder = interaction.stakeholder
    plan = stakeholder.plan
    today = today or plan.local_today()
    day = min(max(plan.day_number(today), FIRST_DAY), LAST_DAY)
    phase = _phase_for_day(plan, day)
    with translation.override(plan.language):
        description = _("Follow-up from your %(kind)s with %(name)s on %(date)s.") % {
            "kind": interaction.get_kind_display().lower(),
            "name": stakeholder.name,
            "date": interaction.date.isoformat(),
        }
    task = task_create(
        plan=plan,
        phase=phase,
        title=locked.text[:200],
        description=description,
        start_day=day,
        end_day=min(day + FOLLOW_UP_TASK_DAYS, phase.end_day),
        owner=owner,
    )
    locked.task = task
    locked.save(update_fields=["task"])
    follow_up.task = task
    return task


# --- CSV import --------------------------------------------------------------------


@transaction.atomic
def import_upload(*, plan: Plan, user: User, upload: UploadedFile) -> PendingImport:
    """Read an upload and keep it for the preview; ImportRefused if unusable."""
    if upload.size is not None and upload.size > csv_io.MAX_BYTES:
        raise csv_io.ImportRefused(csv_io.too_big_message(upload.size))
    raw = upload.read(csv_io.MAX_BYTES + 1)
    parsed = csv_io.read_csv(raw)
    stale = timezone.now() - dt.timedelta(hours=PENDING_IMPORT_HOURS)
    PendingImport.objects.filter(plan=plan, created_at__lt=stale).delete()
    PendingImport.objects.filter(plan=plan, created_by=user).delete()
    return PendingImport.objects.create(
        plan=plan,
        created_by=user,
        filename=(upload.name or "upload.csv")[:255],
        encoding=parsed.encoding,
        delimiter=parsed.delimiter,
        header=parsed.header,
        rows=parsed.rows,
        mapping=csv_io.guess_mapping(parsed.header),
    )


def import_check(*, pending: PendingImport, mapping: Mapping[str, str]) -> csv_io.CheckResult:
    """Every row checked against the register as it is now (one query)."""
    existing_emails: dict[str, tuple[int, str]] = {}
    existing_names: dict[str, list[int]] = {}
    for pk, name, email in Stakeholder.objects.filter(plan_id=pending.plan_id).values_list(
        "pk", "name", "email"
    ):
        if email:
            existing_emails[email] = (pk, name)
        existing_names.setdefault(" ".join(name.split()).casefold(), []).append(pk)
    return csv_io.check_rows(
        pending.header,
        pending.rows,
        mapping,
        existing_emails=existing_emails,
        existing_names=existing_names,
    )


@transaction.atomic
def import_commit(*, pending: PendingImport, mapping: Mapping[str, str]) -> int:
    """Import every row or none: ImportInvalid (nothing written) if any row has a problem."""
    locked = PendingImport.objects.select_for_update().filter(pk=pending.pk).first()
    if locked is None:
        raise csv_io.ImportRefused(_("This upload was already imported or cancelled."))
    result = import_check(pending=locked, mapping=mapping)
    if not result.is_importable:
        locked.mapping = dict(mapping)
        locked.save(update_fields=["mapping"])
        raise ImportInvalid(result)
    plan = locked.plan
    people = [
        Stakeholder(
            plan=plan,
            name=row.values["name"],
            kind=row.values.get("kind") or Kind.PERSON,
            title=row.values.get("title", ""),
            organisation=row.values.get("organisation", ""),
            scope=row.values.get("scope") or Scope.INTERNAL,
            relationship=row.values.get("relationship") or Relationship.OTHER,
            email=row.values.get("email", ""),
            power=row.values.get("power"),
            interest=row.values.get("interest"),
            attitude=row.values.get("attitude", ""),
            influence_note=row.values.get("influence_note", ""),
            cadence_days=row.values.get("cadence_days"),
        )
        for row in result.rows
    ]
    try:
        with transaction.atomic():
            created = Stakeholder.objects.bulk_create(people, batch_size=500)
    except IntegrityError:
        raise csv_io.ImportRefused(
            _(
                "Someone was added to the register with one of these e-mails while you were "
                "checking the file. Nothing was imported; check the file again."
            )
        ) from None
    by_line = {row.line: person for row, person in zip(result.rows, created, strict=True)}

    bosses = []
    for row, person in zip(result.rows, created, strict=True):
        ref = row.values.get("reports_to")
        if ref:
            person.reports_to_id = by_line[ref[1]].pk if ref[0] == "line" else ref[1]
            bosses.append(person)
    Stakeholder.objects.bulk_update(bosses, ["reports_to"], batch_size=500)

    names = [tag for row in result.rows for tag in row.values.get("tags", [])]
    tags = {tag.name.casefold(): tag for tag in _tags(plan, list(dict.fromkeys(names)))}
    Through = Stakeholder.tags.through
    Through.objects.bulk_create(
        (
            Through(stakeholder_id=person.pk, tag_id=tags[name.casefold()].pk)
            for row, person in zip(result.rows, created, strict=True)
            for name in row.values.get("tags", [])
        ),
        batch_size=1000,
    )
    locked.delete()
    announce_plan_changed(plan.pk)
    return len(created)

"""Reads for the register's pages and for other areas, each a fixed number of queries.

Two rules decide what anyone sees of the register, and everything that shows a
stakeholder (pages, fragments, the dashboard, digests, exports, Today) reads
through them:

- :func:`visible_stakeholders` ``(plan, viewer)``: who is visible (the whole
  register, or only the active people shared with a team member);
  :func:`stakeholders_seen_by` applies it for many viewers in one query;
- :func:`assessment_rule` ``(viewer)``: whose assessment (attitude, who really
  decides) is visible: all for the manager, only the shared ones for an
  executive, none for a team member. :func:`with_assessments` annotates a
  QuerySet by it and :func:`hide_assessments` blanks the hidden ones.

For other areas (the dashboard, the Today page):

- :func:`stakeholder_coverage` ``(plan, viewer) -> StakeholderCoverage``: one query;
- :func:`overdue_key_stakeholders` ``(plan, viewer, today, limit=5) -> OverduePeople``:
  one query.

Neither returns private notes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Lower
from django.db.models.query import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from onboarding.access import Right
from onboarding.core.i18n import numbers
from onboarding.models import Membership, Plan

from . import grid, rules
from .models import (
    Attitude,
    FollowUp,
    Interaction,
    InterviewAnswer,
    PendingImport,
    Relationship,
    Scope,
    Stakeholder,
    StakeholderQuerySet,
    Tag,
)
from .questions import GROUPS, Question, QuestionGroup, group_for, question

PAGE_SIZE = 50

# --- Who is looking -------------------------------------------------------------


Assessments = Literal["all", "shared", "none"]


@dataclass(frozen=True)
class Viewer:
    """What one member of the plan may see of the register."""

    user_id: int
    sees_register: bool  # the whole register, power and interest, the power map
    sees_private: bool  # interaction notes, interview answers, follow-ups
    can_edit: bool
    # Whose assessment (attitude, who really decides): the manager's own are
    # private like interview notes; an executive reads only those shared.
    assessments: Assessments = "none"


def viewer_for(membership: Membership) -> Viewer:
    """The register's access check: 403 for a role with neither view right."""
    viewer = viewer_or_none(membership)
    if viewer is None:
        raise PermissionDenied
    return viewer


def viewer_or_none(membership: Membership) -> Viewer | None:
    """The viewer for a membership, or None when the role sees no stakeholder at all."""
    rights = membership.rights
    sees_register = Right.VIEW_STAKEHOLDERS in rights
    if not sees_register and Right.VIEW_SHARED_STAKEHOLDERS not in rights:
        return None
    sees_private = Right.VIEW_PRIVATE_NOTES in rights
    assessments: Assessments = "none"
    if sees_private:
        assessments = "all"
    elif sees_register:
        assessments = "shared"
    return Viewer(
        user_id=membership.user_id,
        sees_register=sees_register,
        sees_private=sees_private,
        can_edit=Right.EDIT_STAKEHOLDERS in rights,
        assessments=assessments,
    )


def visibility_rule(viewer: Viewer) -> Q:
    """Who is visible, as a condition on Stakeholder rows (of the viewer's plan).

    Everyone for the register's readers; only active people shared with them
    for the others.
    """
    if viewer.sees_register:
        return Q(pk__isnull=False)
    shared = Stakeholder.shared_with.through.objects.filter(
        stakeholder_id=OuterRef("pk"), user_id=viewer.user_id
    )
    return Q(archived_at__isnull=True) & Q(Exists(shared))


def visible_stakeholders(plan: Plan, viewer: Viewer) -> StakeholderQuerySet:
    """THE RULE for who is visible: every list of stakeholders anyone sees starts here."""
    return Stakeholder.objects.filter(plan=plan).filter(visibility_rule(viewer))


def stakeholders_seen_by(
    plan: Plan, viewers: Sequence[Viewer], among: QuerySet[Stakeholder] | None = None
) -> dict[int, tuple[Stakeholder, frozenset[int]]]:
    """``{stakeholder id: (stakeholder, ids of the viewers who may see them)}``, one query.

    :func:`visible_stakeholders` for many viewers at once (the weekly digest's
    recipients): one boolean column per viewer, each the same rule. Only people
    at least one viewer may see are returned; ``among`` narrows the rows.
    """
    if not viewers:
        return {}
    columns = {
        f"seen_by_{index}": ExpressionWrapper(visibility_rule(viewer), BooleanField())
        for index, viewer in enumerate(viewers)
    }
    qs = Stakeholder.objects.filter(plan=plan)
    if among is not None:
        qs = qs.filter(pk__in=among)
    seen: dict[int, tuple[Stakeholder, frozenset[int]]] = {}
    for person in qs.only("pk", "plan_id", "name").annotate(**columns).order_by("name", "pk"):
        readers = frozenset(
            viewer.user_id
            for index, viewer in enumerate(viewers)
            if getattr(person, f"seen_by_{index}")
        )
        if readers:
            seen[person.pk] = (person, readers)
    return seen


def assessment_rule(viewer: Viewer) -> Q:
    """THE RULE for whose assessment (attitude, who really decides) is visible.

    The manager's assessment is private by default, like interview notes:
    the manager sees all, an executive only those the manager shared
    (``assessment_shared``), a team member none. Power and interest are not
    part of it (register readers see them).
    """
    if viewer.assessments == "all":
        return Q(pk__isnull=False)
    if viewer.assessments == "shared":
        return Q(assessment_shared=True)
    return Q(pk__isnull=True)  # never true: no row has a null key


def with_assessments(qs: StakeholderQuerySet, viewer: Viewer) -> StakeholderQuerySet:
    """Annotate the assessment the viewer may see.

    ``assessment_visible`` (bool), ``visible_attitude`` (``""`` when hidden) and
    ``visible_influence_note``; filters and sorts by attitude use
    ``visible_attitude``, so a hidden assessment cannot be inferred from them.
    """
    rule = assessment_rule(viewer)
    return qs.annotate(
        assessment_visible=ExpressionWrapper(rule, BooleanField()),
        visible_attitude=Case(
            When(rule, then=F("attitude")), default=Value(""), output_field=CharField()
        ),
        visible_influence_note=Case(
            When(rule, then=F("influence_note")), default=Value(""), output_field=TextField()
        ),
    )


def hide_assessments(rows: Iterable[Stakeholder], viewer: Viewer) -> None:
    """Blank what ``viewer`` may not see, on rows from :func:`with_assessments`.

    For that viewer a hidden assessment simply does not exist: no attitude
    label, no note, "not assessed" everywhere. Power and interest exist only
    for the register's readers (so a team member's contact status never
    tells who is key).
    """
    for row in rows:
        row.attitude = getattr(row, "visible_attitude", "")
        row.influence_note = getattr(row, "visible_influence_note", "")
        if not viewer.sees_register:
            row.power = row.interest = None


def register_rows(plan: Plan, viewer: Viewer) -> StakeholderQuerySet:
    """The visible people with the visible assessment annotated: the start of every list."""
    return with_assessments(visible_stakeholders(plan, viewer), viewer)


# --- The register list -----------------------------------------------------------

SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "organisation": ("organisation", "name"),
    "relationship": ("relationship", "name"),
    "power": ("power", "name"),
    "interest": ("interest", "name"),
    "attitude": ("attitude_rank", "name"),
    "last_contact": ("last_contact_on", "name"),
    "cadence": ("cadence_days", "name"),
}
# Sorts that show the political assessment, which only register readers see.
ASSESSMENT_SORTS = {"power", "interest", "attitude"}
CONTACT_FILTERS = ("overdue", "never")


@dataclass(frozen=True)
class RegisterFilters:
    q: str = ""
    relationship: str = ""
    scope: str = ""
    attitude: str = ""  # an Attitude value, or "unknown"
    tag: str = ""
    contact: str = ""  # "overdue" or "never"
    key: bool = False
    archived: bool = False
    sort: str = "name"  # a SORTS key, "-" in front for descending

    @classmethod
    def from_query(cls, query: Any, viewer: Viewer | None = None) -> RegisterFilters:
        """Read filters from a query string; unknown values are dropped, not errors."""

        def pick(name: str, allowed: Any) -> str:
            value = str(query.get(name, "")).strip()
            return value if value in allowed else ""

        sort = str(query.get("sort", "name"))
        if sort.lstrip("-") not in SORTS:
            sort = "name"
        filters = cls(
            q=" ".join(str(query.get("q", "")).split())[:100],
            relationship=pick("relationship", Relationship.values),
            scope=pick("scope", Scope.values),
            attitude=pick("attitude", [*Attitude.values, "unknown"]),
            tag=str(query.get("tag", "")).strip()[: rules.TAG_MAX_LENGTH],
            contact=pick("contact", CONTACT_FILTERS),
            key=query.get("key") in {"1", "on", "true"},
            archived=query.get("archived") in {"1", "on", "true"},
            sort=sort,
        )
        if viewer is not None and not viewer.sees_register:
            sort = filters.sort if filters.sort.lstrip("-") not in ASSESSMENT_SORTS else "name"
            filters = replace(filters, attitude="", key=False, archived=False, sort=sort)
        return filters

    def params(self, **changes: Any) -> dict[str, str]:
        data = {**self.__dict__, **changes}
        params = {}
        for name, value in data.items():
            if name == "sort" and value == "name":
                continue
            if value is True:
                params[name] = "1"
            elif value:
                params[name] = str(value)
        return params

    def query(self, **changes: Any) -> str:
        """``?…`` for a link that keeps these filters with some changes."""
        params = self.params(**changes)
        return "?" + urlencode(params) if params else "?"

    @property
    def is_filtered(self) -> bool:
        return any(
            (
                self.q,
                self.relationship,
                self.scope,
                self.attitude,
                self.tag,
                self.contact,
                self.key,
                self.archived,
            )
        )

    @property
    def sort_key(self) -> str:
        return self.sort.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    def sort_link(self, key: str) -> str:
        """Clicking a sorted column flips its direction; another column starts ascending."""
        new = f"-{key}" if self.sort == key else key
        return self.query(sort=new, page="")


def _tagged(name_lookup: str, value: str) -> Exists:
    through = Stakeholder.tags.through.objects.filter(
        stakeholder_id=OuterRef("pk"), **{f"tag__name__{name_lookup}": value}
    )
    return Exists(through)


def filter_register(
    stakeholders: StakeholderQuerySet, filters: RegisterFilters, today: dt.date, viewer: Viewer
) -> StakeholderQuerySet:
    """Filter rows from :func:`register_rows` by what ``viewer`` may see.

    The attitude is the visible one; "overdue" counts key people (power) only
    for viewers who see power.
    """
    qs = stakeholders.filter(archived_at__isnull=not filters.archived)
    if filters.q:
        q = filters.q
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(title__icontains=q)
            | Q(organisation__icontains=q)
            | Q(email__icontains=q)
            | _tagged("icontains", q)
        )
    if filters.relationship:
        qs = qs.filter(relationship=filters.relationship)
    if filters.scope:
        qs = qs.filter(scope=filters.scope)
    if filters.attitude:
        attitude = "" if filters.attitude == "unknown" else filters.attitude
        qs = qs.filter(Q(visible_attitude=attitude))
    if filters.tag:
        qs = qs.filter(_tagged("iexact", filters.tag))
    if filters.contact == "overdue":
        qs = qs.contact_overdue(today, key_people=viewer.sees_register)
    elif filters.contact == "never":
        qs = qs.filter(last_contact_on__isnull=True)
    if filters.key:
        qs = qs.key()
    return qs


def sort_register(qs: QuerySet[Stakeholder], sort: str) -> QuerySet[Stakeholder]:
    """Order by a SORTS key; empty values always last, then by name, then id.

    By attitude: the one the viewer may see (rows from :func:`register_rows`).
    """
    key = sort.lstrip("-")
    if key == "attitude":
        qs = qs.annotate(
            attitude_rank=Case(
                *(
                    When(visible_attitude=value, then=rank)
                    for rank, value in enumerate(Attitude.values)
                ),
                default=None,
                output_field=IntegerField(),
            )
        )
    first, *rest = SORTS[key]
    lead = _sortable(first)
    lead = lead.desc(nulls_last=True) if sort.startswith("-") else lead.asc(nulls_last=True)
    return qs.order_by(lead, *(_sortable(name).asc() for name in rest), "pk")


def _sortable(name: str) -> Any:
    # Names sort without regard to case on every database.
    return Lower(name) if name in {"name", "organisation"} else F(name)


def attitude_items(counts: dict[str, int], *, partial: bool = False) -> list[tuple[str, str, int]]:
    """``(value, label, count)`` from champion to blocker, then "not assessed" (``""``).

    ``partial``: the reader sees only the assessments shared with them, so the last
    row counts the unshared ones too, and says so.
    """
    items = [(v, str(label), counts.get(v, 0)) for v, label in Attitude.choices]
    unknown = gettext("Not assessed or not shared") if partial else gettext("Not assessed")
    return [*items, ("", unknown, counts.get("", 0))]


@dataclass(frozen=True)
class StakeholderCoverage:
    """How far the manager has got with meeting and mapping people, as one viewer sees it.

    Counted over the people the viewer may see (:func:`visible_stakeholders`),
    active only. ``total``/``met``: how many, and how many were met at least
    once (an interview, meeting, call or event). For viewers who see power
    (``shows_power``: the register's readers): ``key_*`` for key stakeholders
    (power >= 4); ``assessed_*``: how many have power, interest and a visible
    attitude; ``attitudes`` counts them per visible attitude (every
    ``Attitude`` value present, ``""`` for not assessed or not shared with the
    viewer). A team member sees none of the assessment: those stay zero.
    """

    key_total: int
    key_met: int
    assessed_total: int
    assessed_count: int
    attitudes: dict[str, int] = field(default_factory=dict)
    total: int = 0
    met: int = 0
    shows_power: bool = True
    # The viewer sees only the assessments the manager shared (an executive).
    partial_assessments: bool = False

    @property
    def key_met_share(self) -> float:
        return self.key_met / self.key_total if self.key_total else 0.0

    @property
    def key_met_percent(self) -> int:
        return round(100 * self.key_met_share)

    @property
    def assessed_share(self) -> float:
        return self.assessed_count / self.assessed_total if self.assessed_total else 0.0

    @property
    def assessed_percent(self) -> int:
        return round(100 * self.assessed_share)

    @property
    def met_percent(self) -> int:
        return round(100 * self.met / self.total) if self.total else 0

    @property
    def attitude_items(self) -> list[tuple[str, str, int]]:
        return attitude_items(self.attitudes, partial=self.partial_assessments)

    # Playbook tasks this measures, for the dashboard (see ``for_task``).
    TASK_MEASURES = {
        "prepare-connect-key-people": "key_met",  # connect with key people
        "plan-power-map": "assessed",  # map who holds the levers of power
    }

    def for_task(self, task_key: str) -> tuple[int, int, int] | None:
        """``(done, total, percent)`` for a playbook task this measures, else None."""
        measure = self.TASK_MEASURES.get(task_key)
        if measure == "key_met":
            return self.key_met, self.key_total, self.key_met_percent
        if measure == "assessed":
            return self.assessed_count, self.assessed_total, self.assessed_percent
        return None


def stakeholder_coverage(plan: Plan, viewer: Viewer) -> StakeholderCoverage:
    """One query, whatever the register's size; only what ``viewer`` may see is counted."""
    met_once = Exists(
        Interaction.objects.filter(stakeholder_id=OuterRef("pk"), kind__in=rules.MET_KINDS)
    )
    qs = register_rows(plan, viewer).active().annotate(met=met_once)
    if not viewer.sees_register:
        counts = qs.aggregate(total=Count("pk"), met_count=Count("pk", filter=Q(met=True)))
        return StakeholderCoverage(
            key_total=0,
            key_met=0,
            assessed_total=0,
            assessed_count=0,
            attitudes={},
            total=counts["total"],
            met=counts["met_count"],
            shows_power=False,
        )
    # Counted here from one small tuple per person: the same counts as SQL FILTER clauses,
    # but those repeat the visible-attitude CASE in each and cost more to build than to run.
    attitudes = dict.fromkeys([*Attitude.values, ""], 0)
    total = met_count = key_total = key_met = assessed = 0
    for power, interest, attitude, was_met in qs.values_list(
        "power", "interest", "visible_attitude", "met"
    ):
        total += 1
        met_count += was_met
        if power is not None and power >= rules.KEY_POWER:
            key_total += 1
            key_met += was_met
        if power is not None and interest is not None and attitude:
            assessed += 1
        if attitude in attitudes:
            attitudes[attitude] += 1
    return StakeholderCoverage(
        key_total=key_total,
        key_met=key_met,
        assessed_total=total,
        assessed_count=assessed,
        attitudes=attitudes,
        total=total,
        met=met_count,
        partial_assessments=viewer.assessments == "shared",
    )


@dataclass(frozen=True)
class OverduePeople:
    """Key people whose contact is due: the first few, and how many in all."""

    people: Sequence[Stakeholder]
    total: int

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.people))


def overdue_key_stakeholders(
    plan: Plan, viewer: Viewer, today: dt.date, limit: int = 5
) -> OverduePeople:
    """Key people (power >= 4, not archived) never contacted or overdue against their cadence.

    Only people ``viewer`` may see, and only for viewers who see power (key
    means power 4 or 5: a team member never learns it). Never-contacted first,
    then the longest overdue; pass ``plan.local_today()``. One query (the total
    rides along as a window count); the rows carry no private notes.
    """
    if not viewer.sees_register:
        return OverduePeople([], 0)
    people = list(
        visible_stakeholders(plan, viewer)
        .active()
        .key()
        .contact_overdue(today)
        .only("pk", "plan_id", "name", "last_contact_on", "contact_due_on", "power")
        .annotate(overdue_total=Window(Count("pk")))
        .order_by(
            F("last_contact_on").asc(nulls_first=True),
            F("contact_due_on").asc(nulls_first=True),
            "-power",
            "name",
            "pk",
        )[:limit]
    )
    return OverduePeople(people, people[0].overdue_total if people else 0)


def overdue_people_panel(plan: Plan, membership: Membership, today: dt.date) -> dict[str, Any]:
    """The Today panel (``roadmap.today_panels``): key people whose contact is due."""
    viewer = viewer_or_none(membership)
    if viewer is None:
        return {"people": []}
    return {"people": overdue_key_stakeholders(plan, viewer, today).people}


@dataclass(frozen=True)
class RegisterPage:
    page: Page
    rows: Sequence[Stakeholder]  # each with .tag_list (prefetched)
    filters: RegisterFilters
    tags: list[Tag]
    coverage: StakeholderCoverage | None
    today: dt.date

    @property
    def total(self) -> int:
        return self.page.paginator.count

    @property
    def page_links(self) -> list[tuple[int | None, str]]:
        """``(number, query)`` per page link; ``(None, "")`` for a gap."""
        links: list[tuple[int | None, str]] = []
        for number in self.page.paginator.get_elided_page_range(
            self.page.number, on_each_side=2, on_ends=1
        ):
            if isinstance(number, int):
                links.append((number, self.filters.query(page=number)))
            else:  # Paginator.ELLIPSIS
                links.append((None, ""))
        return links

    @property
    def previous_query(self) -> str:
        return self.filters.query(page=self.page.number - 1) if self.page.has_previous() else ""

    @property
    def next_query(self) -> str:
        return self.filters.query(page=self.page.number + 1) if self.page.has_next() else ""


def register_page(
    plan: Plan, viewer: Viewer, filters: RegisterFilters, page_number: Any, today: dt.date
) -> RegisterPage:
    """The list: count, one page of rows, their tags, the tag choices (+ coverage)."""
    filtered = filter_register(register_rows(plan, viewer), filters, today, viewer)
    qs = sort_register(filtered, filters.sort)
    # Tags as a plain list on each row: a related manager per row costs more than the rows.
    paginator = Paginator(qs.prefetch_related(Prefetch("tags", to_attr="tag_list")), PAGE_SIZE)
    page = paginator.get_page(page_number)
    rows = list(page.object_list)
    hide_assessments(rows, viewer)
    for row in rows:
        row.contact = row.contact_status(today)
    visible = visible_stakeholders(plan, viewer)
    tags = list(Tag.objects.filter(plan=plan, stakeholders__in=visible).distinct())
    coverage = stakeholder_coverage(plan, viewer) if viewer.sees_register else None
    return RegisterPage(
        page=page, rows=rows, filters=filters, tags=tags, coverage=coverage, today=today
    )


def export_stakeholders(
    plan: Plan, viewer: Viewer, filters: RegisterFilters, today: dt.date
) -> list[Stakeholder]:
    """The register for CSV export, filtered like the list, as ``viewer`` sees it (three queries).

    "Reports to" and "influences" name only people the viewer may see.
    """
    qs = filter_register(register_rows(plan, viewer), filters, today, viewer)
    visible = visible_stakeholders(plan, viewer)
    rows = list(
        sort_register(qs, filters.sort)
        .select_related("reports_to")
        .prefetch_related(Prefetch("influences", queryset=visible), "tags")
    )
    hide_assessments(rows, viewer)
    return rows


# --- The power map ---------------------------------------------------------------


@dataclass(frozen=True)
class Dot:
    stakeholder: Stakeholder
    x: float
    y: float
    r: float

    @property
    def box_x(self) -> float:
        return round(self.x - self.r, 1)

    @property
    def box_y(self) -> float:
        return round(self.y - self.r, 1)

    @property
    def size(self) -> float:
        return round(2 * self.r, 1)

    # The dot's words, built here once rather than from a dozen template
    # variables per dot: the map has a dot for every assessed person.
    @property
    def attitude_text(self) -> str:
        person = self.stakeholder
        return person.attitude_label if person.attitude else gettext("Attitude not assessed")

    @property
    def tooltip(self) -> str:
        """Name · title · attitude: the dot's ``<title>``."""
        person = self.stakeholder
        return " · ".join(part for part in (person.name, person.title, self.attitude_text) if part)

    @property
    def spoken(self) -> str:
        """What a screen reader says for the dot: who, attitude, power, interest, quadrant."""
        person = self.stakeholder
        who = f"{person.name}, {person.title}" if person.title else person.name
        scores = gettext("Power %(power)s, interest %(interest)s") % numbers(
            {"power": person.power, "interest": person.interest}
        )
        quadrant = person.quadrant
        return f"{who}. {self.attitude_text}. {scores}. {quadrant.label if quadrant else ''}."


@dataclass(frozen=True)
class PowerMap:
    dots: list[Dot]
    unplaced: list[Stakeholder]
    quadrant_counts: dict[str, int]
    bands: list[grid.Band]
    filters: RegisterFilters

    @property
    def by_quadrant(self) -> list[tuple[rules.Quadrant, str, list[Stakeholder]]]:
        """``(quadrant, advice, people by name)`` for the lists beside the grid."""
        groups: dict[str, list[Stakeholder]] = defaultdict(list)
        for dot in sorted(
            self.dots, key=lambda d: (d.stakeholder.name.casefold(), d.stakeholder.pk)
        ):
            quadrant = dot.stakeholder.quadrant
            if quadrant is not None:  # always: only assessed people become dots
                groups[quadrant].append(dot.stakeholder)
        return [(q, str(rules.QUADRANT_ADVICE[q]), groups.get(q, [])) for q in rules.Quadrant]

    @property
    def labelled_bands(self) -> list[tuple[grid.Band, int]]:
        return [(band, self.quadrant_counts[band.quadrant]) for band in self.bands]


MAP_FIELDS = (
    "pk",
    "plan_id",
    "name",
    "title",
    "organisation",
    "power",
    "interest",
    "relationship",
    "last_contact_on",
    "cadence_days",
)


def power_map(plan: Plan, viewer: Viewer, filters: RegisterFilters, today: dt.date) -> PowerMap:
    """Active stakeholders as dots on the grid, as ``viewer`` sees them: one query."""
    qs = filter_register(
        register_rows(plan, viewer), replace(filters, archived=False), today, viewer
    )
    people = list(qs.only(*MAP_FIELDS).order_by("pk"))
    hide_assessments(people, viewer)
    cells: dict[tuple[int, int], list[Stakeholder]] = defaultdict(list)
    unplaced = []
    for person in people:
        if person.power is None or person.interest is None:
            unplaced.append(person)
        else:
            cells[(person.power, person.interest)].append(person)
    dots = []
    for (power, interest), members in sorted(cells.items()):
        for person, (x, y, r) in zip(
            members, grid.spread(len(members), power, interest), strict=True
        ):
            dots.append(Dot(person, x, y, r))
    counts = {q.value: 0 for q in rules.Quadrant}
    for dot in dots:
        quadrant = dot.stakeholder.quadrant
        if quadrant is not None:  # always: only assessed people become dots
            counts[quadrant] += 1
    unplaced.sort(key=lambda p: (p.name.casefold(), p.pk))
    return PowerMap(
        dots=dots, unplaced=unplaced, quadrant_counts=counts, bands=grid.bands(), filters=filters
    )


# --- One stakeholder -------------------------------------------------------------


@dataclass(frozen=True)
class StakeholderDetail:
    stakeholder: Stakeholder
    interactions: list[Interaction]
    direct_reports: list[Stakeholder]
    influences: list[Stakeholder]
    influenced_by: list[Stakeholder]
    question_group: QuestionGroup

    @property
    def has_links(self) -> bool:
        s = self.stakeholder
        return bool(s.reports_to_id or self.direct_reports or self.influences or self.influenced_by)

    @property
    def diagram(self) -> grid.EgoDiagram:
        return grid.ego_diagram(
            self.stakeholder.reports_to, self.direct_reports, self.influences, self.influenced_by
        )


_PUBLIC_INTERACTION_FIELDS = ("pk", "stakeholder_id", "plan_id", "kind", "date", "sentiment")


def stakeholder_for_update(plan: Plan, stakeholder_id: int) -> Stakeholder:
    """A stakeholder of this plan, or 404: another plan's id is never found."""
    return get_object_or_404(
        Stakeholder.objects.filter(plan=plan).select_related("plan"), pk=stakeholder_id
    )


def stakeholder_detail(plan: Plan, viewer: Viewer, stakeholder_id: int) -> StakeholderDetail:
    """One person's page in a fixed number of queries.

    For viewers without VIEW_PRIVATE_NOTES, the notes are not even read from
    the database; nor are answers and follow-ups.
    """
    active = Stakeholder.objects.active().order_by("name", "pk")
    qs = register_rows(plan, viewer).select_related("reports_to").prefetch_related("tags")
    if viewer.sees_register:
        qs = qs.prefetch_related(
            Prefetch("direct_reports", queryset=active, to_attr="active_reports"),
            Prefetch("influences", queryset=active, to_attr="active_influences"),
            Prefetch("influenced_by", queryset=active, to_attr="active_influenced_by"),
        )
    if viewer.can_edit:
        qs = qs.prefetch_related("shared_with")
    stakeholder = get_object_or_404(qs, pk=stakeholder_id)
    hide_assessments([stakeholder], viewer)

    interactions = Interaction.objects.filter(stakeholder=stakeholder).order_by("-date", "-pk")
    if viewer.sees_private:
        interactions = interactions.prefetch_related(
            Prefetch("answers", queryset=InterviewAnswer.objects.order_by("pk")),
            Prefetch("follow_ups", queryset=_follow_ups()),
        )
    else:
        interactions = interactions.only(*_PUBLIC_INTERACTION_FIELDS)
    return StakeholderDetail(
        stakeholder=stakeholder,
        interactions=list(interactions),
        direct_reports=getattr(stakeholder, "active_reports", []),
        influences=getattr(stakeholder, "active_influences", []),
        influenced_by=getattr(stakeholder, "active_influenced_by", []),
        question_group=group_for(stakeholder.relationship),
    )


def _follow_ups() -> QuerySet[FollowUp]:
    return FollowUp.objects.select_related("task", "task__phase").order_by("pk")


def follow_up_for_update(plan: Plan, follow_up_id: int) -> FollowUp:
    return get_object_or_404(
        FollowUp.objects.filter(interaction__plan=plan).select_related(
            "task",
            "task__phase",
            "interaction",
            "interaction__stakeholder",
            "interaction__stakeholder__plan",
        ),
        pk=follow_up_id,
    )


def interaction_for_update(plan: Plan, stakeholder_id: int, interaction_id: int) -> Interaction:
    return get_object_or_404(
        Interaction.objects.filter(plan=plan, stakeholder_id=stakeholder_id)
        .select_related("stakeholder", "stakeholder__plan")
        .prefetch_related("answers", Prefetch("follow_ups", queryset=_follow_ups())),
        pk=interaction_id,
    )


def choice_stakeholders(plan: Plan) -> QuerySet[Stakeholder]:
    """People a form may link to ("reports to", "influences")."""
    return (
        Stakeholder.objects.filter(plan=plan).active().only("pk", "name", "organisation", "plan_id")
    )


# --- Answers side by side ------------------------------------------------------------


@dataclass(frozen=True)
class QuestionCount:
    question: Question
    count: int


@dataclass(frozen=True)
class AnswersOverview:
    groups: list[tuple[QuestionGroup, list[QuestionCount]]]
    selected: Question | None
    answers: list[InterviewAnswer]


def answers_overview(plan: Plan, question_key: str | None) -> AnswersOverview:
    """Every question with its number of answers; all answers to one of them (two queries)."""
    counts = dict(
        InterviewAnswer.objects.filter(interaction__plan=plan)
        .values_list("question_key")
        .annotate(n=Count("pk"))
        .values_list("question_key", "n")
    )
    groups = [
        (group, [QuestionCount(q, counts.get(q.key, 0)) for q in group.questions])
        for group in GROUPS
    ]
    selected = question(question_key) if question_key else None
    answers: list[InterviewAnswer] = []
    if selected is not None:
        answers = list(
            InterviewAnswer.objects.filter(interaction__plan=plan, question_key=selected.key)
            .select_related("interaction", "interaction__stakeholder")
            .order_by("-interaction__date", "interaction__stakeholder__name", "pk")
        )
    return AnswersOverview(groups=groups, selected=selected, answers=answers)


# --- Imports ---------------------------------------------------------------------


def pending_import_for_update(plan: Plan, import_id: int) -> PendingImport:
    return get_object_or_404(PendingImport.objects.filter(plan=plan), pk=import_id)

"""The permission matrix, generated from the registry of record kinds (issue 15).

Every API resource (the routers' registries) and every admin model (``admin.site._registry``)
is covered, so a model added later is covered without writing anything. For each role and for a
record of the user's own authority and one of another (H&F and Harrow), every cell is asked:
list, retrieve, create, update, delete, and every writable related field of an update pointed at
the other borough's record. The expected answers are the table ``EXPECTED`` below, written by
hand from ``docs/security.md``, not read from the code under test.

The records are built once for the module (``RecordMaker``), each test running in its own
rolled-back savepoint, so the whole matrix stays fast.
"""

from __future__ import annotations

from importlib import import_module

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import RequestFactory
from rest_framework import serializers
from rest_framework.test import APIClient

from childrens_services.api.urls import API_APPS
from childrens_services.permissions import (
    ADMINISTRATOR,
    CLERK,
    OFFICER,
    SCRUTINY,
    is_governed,
    owner_fields,
    record_kind,
    restrict,
)
from governance.models import Authority, UserProfile
from tests.record_maker import RecordMaker

pytestmark = pytest.mark.long

V, A, C, D = "view", "add", "change", "delete"
ALL = frozenset({V, A, C, D})
READ = frozenset({V})
NONE: frozenset[str] = frozenset()

#: kind -> role -> (actions on a record of the user's own authority, on another's).
EXPECTED = {
    "owned": {
        "officer": (ALL, NONE),
        "clerk": (READ, READ),
        "scrutiny": (READ, READ),
    },
    "committee": {
        "officer": (READ, READ),
        "clerk": (ALL, READ),
        "scrutiny": (READ, READ),
    },
    # Drafts (every report the maker builds is one) and their parts.
    "committee-private": {
        "officer": (READ, NONE),
        "clerk": (ALL, NONE),
        "scrutiny": (NONE, NONE),
    },
    # Scrutiny recommendations, responses, actions and reviews: clerks record what the
    # committee recommended, officers what the executive answered, each for their own borough.
    "follow-up": {
        "officer": (ALL, READ),
        "clerk": (ALL, READ),
        "scrutiny": (READ, READ),
    },
    "reference": {
        "officer": (READ, READ),
        "clerk": (READ, READ),
        "scrutiny": (READ, READ),
    },
    # A provider is "own" when only the user's authority's contracts use it.
    "supplier": {
        "officer": (frozenset({V, A, C}), frozenset({V, A})),
        "clerk": (READ, READ),
        "scrutiny": (READ, READ),
    },
    "administration": {
        "officer": (NONE, NONE),
        "clerk": (NONE, NONE),
        "scrutiny": (NONE, NONE),
    },
}
for _kind in EXPECTED.values():
    _kind["admin"] = (ALL, ALL)
    _kind["nobody"] = (NONE, NONE)

#: Reports are drafts until published: they and their parts are private (by name, not by code).
PRIVATE = {
    "CommitteeReport",
    "Recommendation",
    "ReportSection",
    "Implication",
    "StatutoryClearance",
    "BackgroundPaper",
    "Appendix",
    # Forward plan entries and decision notices are drafts until published, and a call-in is
    # as private as its decision.
    "ForwardPlanEntry",
    "DecisionNotice",
    "CallIn",
}
ROLES = ("officer", "clerk", "scrutiny", "admin", "nobody")
LINK_REFUSED = "that you may link to"


def api_resources() -> dict[str, type]:
    """Every API resource the authority rule set governs. A person's own records (their
    alert subscriptions) are outside it, each person's alone: tests/alerts checks them."""
    resources = {}
    for app in API_APPS:
        for prefix, viewset, _basename in import_module(f"{app}.api.urls").router.registry:
            if is_governed(viewset.queryset.model):
                resources[prefix] = viewset
    return resources


RESOURCES = api_resources()
ADMIN_MODELS = sorted(
    (m for m in admin.site._registry if is_governed(m)), key=lambda m: m._meta.label
)
MODELS = sorted(
    {vs.queryset.model for vs in RESOURCES.values()} | set(ADMIN_MODELS),
    key=lambda m: m._meta.label,
)


def kind_of(model) -> str:
    kind = record_kind(model)
    if kind == "committee" and model.__name__ in PRIVATE:
        return "committee-private"
    return kind


def expected(model, role: str, whose: str) -> frozenset[str]:
    own, other = EXPECTED[kind_of(model)][role]
    return own if whose == "own" else other


def any_of(model, role: str, action: str) -> bool:
    """Whether the role may take the action on any record of the kind (published reports
    included, though the maker's reports are drafts): asked before a record is looked up."""
    kind = EXPECTED[record_kind(model)][role]
    return any(action in actions for actions in kind)


class Matrix:
    """The module's people and records: ``records[model]["own"|"other"]``."""

    def __init__(self) -> None:
        def authority(code, name, short, gss):
            return Authority.objects.create(
                dfe_code=code, name=name, short_name=short, gss_code=gss, region="London"
            )

        self.hf = authority("205", "Hammersmith and Fulham", "H&F", "E09000013")
        self.harrow = authority("310", "Harrow", "Harrow", "E09000015")
        self.users = {
            "officer": self.user("m_officer", OFFICER, [self.hf]),
            "clerk": self.user("m_clerk", CLERK, [self.hf]),
            "scrutiny": self.user("m_scrutiny", SCRUTINY, [], staff=False),
            "admin": self.user("m_admin", ADMINISTRATOR, []),
            "nobody": self.user("m_nobody", None, [], staff=False),
        }
        self.maker = RecordMaker()
        self.records = {
            model: {
                "own": self.maker.record(model, self.hf),
                "other": self.maker.record(model, self.harrow),
            }
            for model in MODELS
        }

    @staticmethod
    def user(username, role, authorities, staff=True):
        user = get_user_model().objects.create(username=username, is_staff=staff)
        if role == ADMINISTRATOR:
            user.is_superuser = True
            user.save()
        if role is not None:
            UserProfile.objects.create(user=user, role=role).authorities.set(authorities)
        return user

    def authority_of(self, whose: str) -> Authority:
        return self.hf if whose == "own" else self.harrow


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """Built once, rolled back when the module ends; each test runs in a savepoint inside."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield Matrix()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def etag(record) -> str:
    record.refresh_from_db()
    return f'"{record._meta.label_lower}.{record.pk}.v{record.version}"'


def writable_links(viewset) -> dict[str, type]:
    """The serializer's writable related fields and the model each names."""
    serializer = viewset.serializer_class()
    model = viewset.queryset.model
    links = {}
    for name, field in serializer.fields.items():
        relation = getattr(field, "child_relation", field)
        if field.read_only or not isinstance(relation, serializers.RelatedField):
            continue
        related = model._meta.get_field(field.source).related_model
        if related is not None and is_governed(related):
            links[name] = related
    return links


def shared(model, field: str, related) -> bool:
    """Links to shared records (reference data, suppliers) may name anyone's; an owner field
    never may."""
    return field not in owner_fields(model) and record_kind(related) in ("reference", "supplier")


def create_body(viewset, matrix: Matrix, whose: str) -> dict:
    """A new record's body as the serializer would write it, for ``whose`` authority."""
    model = viewset.queryset.model
    # A fresh record (with fresh parents, so nothing unique per parent collides), read as the
    # API would show it and then removed, leaving its parents for the new one to name.
    candidate = matrix.maker.record(model, matrix.authority_of(whose), fresh=True)
    data = viewset.serializer_class(candidate).data
    model._base_manager.filter(pk=candidate.pk).delete()
    writable = {
        name
        for name, field in viewset.serializer_class().fields.items()
        if not field.read_only and name != "id"
    }
    return {k: v for k, v in data.items() if k in writable and v is not None}


@pytest.mark.django_db
@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_every_api_resource_answers_every_role_as_the_rules_say(matrix, resource):
    viewset = RESOURCES[resource]
    model = viewset.queryset.model
    writable = "post" in viewset.http_method_names
    wrong: list[str] = []

    def check(cell: str, got: int, want: set[int]) -> None:
        if got not in want:
            wrong.append(f"{cell}: {got}, expected {sorted(want)}")

    for role in ROLES:
        user = matrix.users[role]
        client = client_for(user)
        listed = client.get(f"/api/v1/{resource}/", {"page_size": 500})
        if not any_of(model, role, V):
            check(f"{role} list", listed.status_code, {403})
        else:
            check(f"{role} list", listed.status_code, {200})
            ids = (
                {row["id"] for row in listed.json()["results"]}
                if listed.status_code == 200
                else set()
            )
            for whose, record in matrix.records[model].items():
                if (record.pk in ids) != (V in expected(model, role, whose)):
                    wrong.append(f"{role} list {whose}: listed={record.pk in ids}")
        for whose, record in matrix.records[model].items():
            allowed = expected(model, role, whose)
            url = f"/api/v1/{resource}/{record.pk}/"
            got = client.get(url).status_code
            check(
                f"{role} get {whose}",
                got,
                {200} if V in allowed else hidden(model, role, V, allowed),
            )
            if not writable:
                for method in ("patch", "delete"):
                    response = getattr(client, method)(url, {}, format="json")
                    check(f"{role} {method} {whose}", response.status_code, {403, 405})
                continue
            with transaction.atomic():
                got = client.patch(url, {}, format="json", HTTP_IF_MATCH=etag(record)).status_code
                transaction.set_rollback(True)
            check(
                f"{role} patch {whose}",
                got,
                {200, 400} if C in allowed else hidden(model, role, C, allowed),
            )
            with transaction.atomic():
                target = matrix.maker.record(model, matrix.authority_of(whose), fresh=True)
                url_fresh = f"/api/v1/{resource}/{target.pk}/"
                got = client.delete(url_fresh, HTTP_IF_MATCH=etag(target)).status_code
                still_there = model._base_manager.filter(pk=target.pk).exists()
                transaction.set_rollback(True)
            check(
                f"{role} delete {whose}",
                got,
                {204} if D in allowed else hidden(model, role, D, allowed),
            )
            if got != 204 and not still_there:
                wrong.append(f"{role} delete {whose}: refused ({got}) but deleted")
        if writable:
            check_creates(matrix, viewset, resource, role, client, wrong)
            check_links(matrix, viewset, resource, role, client, wrong)
    assert not wrong, f"{resource}:\n" + "\n".join(wrong)


def hidden(model, role: str, action: str, allowed: frozenset[str]) -> set[int]:
    """A refusal: 403 when the role may not take the action at all (asked before the record
    is looked up) or may see the record; 404 when the record is not one it may see."""
    if not any_of(model, role, action) or V in allowed:
        return {403}
    return {404}


def check_creates(matrix, viewset, resource, role, client, wrong) -> None:
    model = viewset.queryset.model
    for whose in ("own", "other"):
        body = create_body(viewset, matrix, whose)
        with transaction.atomic():
            response = client.post(f"/api/v1/{resource}/", body, format="json")
            transaction.set_rollback(True)
        got, text = response.status_code, response.content.decode()
        if A in expected(model, role, whose):
            # Allowed: created, or refused only by the model's own rules about the values.
            if got not in (201, 400) or LINK_REFUSED in text:
                wrong.append(f"{role} post {whose}: {got} {text[:200]}")
        elif got == 201:
            wrong.append(f"{role} post {whose}: 201, expected a refusal")
        elif got not in ((403,) if not any_of(model, role, A) else (400, 403)):
            wrong.append(f"{role} post {whose}: {got}")
        elif whose == "other" and matrix.harrow.name in text:
            wrong.append(f"{role} post other: the refusal names Harrow: {text[:200]}")


def check_links(matrix, viewset, resource, role, client, wrong) -> None:
    """Every writable related field of one's own record pointed at the other borough's."""
    model = viewset.queryset.model
    if role == "admin" or C not in expected(model, role, "own"):
        return
    record = matrix.records[model]["own"]
    for field, related in writable_links(viewset).items():
        if related is Authority:
            target = matrix.harrow
        else:
            target = matrix.records.get(related, {}).get("other") or matrix.maker.record(
                related, matrix.harrow
            )
        if shared(model, field, related):
            continue
        many = getattr(viewset.serializer_class().fields[field], "child_relation", None)
        value = [target.pk] if many is not None else target.pk
        with transaction.atomic():
            response = client.patch(
                f"/api/v1/{resource}/{record.pk}/",
                {field: value},
                format="json",
                HTTP_IF_MATCH=etag(record),
            )
            transaction.set_rollback(True)
        text = response.content.decode()
        if response.status_code != 400:
            wrong.append(f"{role} link {field} -> other: {response.status_code}")
            continue
        sees_target = restrict(matrix.users[role], related.objects.filter(pk=target.pk)).exists()
        hidden_link = field in owner_fields(model) or not sees_target
        if hidden_link and LINK_REFUSED not in str(response.json()["errors"].get(field, "")):
            wrong.append(f"{role} link {field} -> other: {text[:200]}")
        if hidden_link and str(target) and str(target) in text and str(target) not in str(record):
            wrong.append(f"{role} link {field} -> other: names {target}: {text[:200]}")


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_has_perm_holds_for_exactly_the_records_restrict_returns(matrix, model):
    """The rule is written once: the instance check and the queryset never disagree, for
    saved records and for candidates not yet saved (an API create)."""
    wrong = []
    for role in ROLES:
        user = matrix.users[role]
        label = f"{model._meta.app_label}.{{}}_{model._meta.model_name}"
        for action in ("view", "change", "delete"):
            listed = set(
                restrict(user, model._default_manager.all(), action).values_list("pk", flat=True)
            )
            for whose, record in matrix.records[model].items():
                allowed = user.has_perm(label.format(action), record)
                if allowed != (record.pk in listed):
                    wrong.append(
                        f"{role} {action} {whose}: has_perm={allowed}, listed={record.pk in listed}"
                    )
                if allowed != (action in expected(model, role, whose)):
                    wrong.append(
                        f"{role} {action} {whose}: has_perm={allowed}, expected the opposite"
                    )
        for whose in ("own", "other"):
            with transaction.atomic():
                candidate = matrix.maker.record(model, matrix.authority_of(whose), save=False)
                allowed = user.has_perm(label.format("add"), candidate)
                transaction.set_rollback(True)
            if allowed != (A in expected(model, role, whose)):
                wrong.append(f"{role} add {whose} (unsaved): has_perm={allowed}")
    assert not wrong, f"{model._meta.label}:\n" + "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.label)
def test_every_admin_model_shows_and_offers_only_what_the_rules_allow(matrix, model, client):
    model_admin = admin.site._registry[model]
    meta = model._meta
    wrong = []
    for role in ("officer", "clerk", "admin"):
        user = matrix.users[role]
        client.force_login(user)
        changelist = client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
        want = 200 if any_of(model, role, V) else 403
        if changelist.status_code != want:
            wrong.append(f"{role} changelist: {changelist.status_code}, expected {want}")
        for whose, record in matrix.records[model].items():
            page = client.get(f"/admin/{meta.app_label}/{meta.model_name}/{record.pk}/change/")
            seen = V in expected(model, role, whose)
            if (page.status_code == 200) != seen:
                wrong.append(f"{role} change page {whose}: {page.status_code}, seen={seen}")
        request = RequestFactory().get("/admin/")
        request.user = user
        for field in meta.concrete_fields:
            if not field.is_relation or not field.editable or not is_governed(field.related_model):
                continue
            related = field.related_model
            if shared(model, field.name, related) or role == "admin":
                continue
            formfield = model_admin.formfield_for_foreignkey(field, request)
            if formfield is None:
                continue
            target = (
                matrix.harrow
                if related is Authority
                else matrix.maker.record(related, matrix.harrow)
            )
            offered = formfield.queryset.filter(pk=target.pk).exists()
            may_see = V in expected(related, role, "other") if related is not Authority else False
            if offered and (field.name in owner_fields(model) or not may_see):
                wrong.append(f"{role} {field.name} offers the other borough's {target}")
    assert not wrong, f"{meta.label}:\n" + "\n".join(wrong)

"""The register's import in the admin: upload, preview, confirm; the renewals and export pages."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.models import Contract
from tests.commissioning.helpers import csv_bytes, three_rows

pytestmark = pytest.mark.django_db
IMPORT = "admin:commissioning_contract_import"


def upload(client, owner: str, content: bytes, name: str = "register.csv"):
    return client.post(reverse(IMPORT), {"owner": owner, "file": SimpleUploadedFile(name, content)})


def test_an_officer_previews_then_confirms_an_import(world, login):
    client = login(world.users["officer_hf"])
    preview = upload(client, f"a:{world.hf.pk}", csv_bytes(three_rows()))
    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert plan.count("create") == 3
    assert Contract.objects.count() == 0
    confirm = client.post(reverse(IMPORT), {"confirm": "1", "sha256": preview.context["sha256"]})
    assert confirm.status_code == 302
    assert Contract.objects.filter(authority=world.hf).count() == 3


def test_the_preview_lists_every_bad_row_and_offers_no_confirm(world, login):
    rows = three_rows()
    rows[1]["End Date"] = "31/13/2019"
    client = login(world.users["officer_hf"])
    preview = upload(client, f"a:{world.hf.pk}", csv_bytes(rows))
    assert [(e.line, e.column) for e in preview.context["plan"].errors] == [(3, "End Date")]
    assert b'name="confirm"' not in preview.content
    assert Contract.objects.count() == 0


def test_an_officer_cannot_import_for_another_authority(world, login):
    client = login(world.users["officer_hf"])
    response = upload(client, f"a:{world.rbkc.pk}", csv_bytes(three_rows()))
    assert "owner" in response.context["form"].errors
    assert Contract.objects.count() == 0


def test_a_file_that_is_not_a_register_is_refused_on_the_form(world, login):
    client = login(world.users["officer_hf"])
    response = upload(client, f"a:{world.hf.pk}", b"%PDF", name="register.pdf")
    assert "CSV or XLSX" in str(response.context["form"].errors["file"])


def test_scrutiny_members_cannot_import(world, login):
    client = login(world.users["scrutiny"])
    assert client.get(reverse(IMPORT)).status_code in (302, 403)


def test_the_contract_admin_pages_open(world, login):
    client = login(world.users["officer_hf"])
    upload(client, f"a:{world.hf.pk}", csv_bytes(three_rows()))
    contract = Contract.objects.create(
        authority=world.hf, reference="X", title="Play", provider_text="Various"
    )
    for url in (
        reverse("admin:commissioning_contract_changelist"),
        reverse("admin:commissioning_contract_change", args=[contract.pk]),
        reverse("admin:commissioning_contract_add"),
        reverse("admin:commissioning_servicegroup_changelist"),
        reverse("admin:commissioning_provider_changelist"),
    ):
        assert client.get(url).status_code == 200, url


def references(ids: list[int]) -> list[str]:
    """The references of the contracts a renewals page lists by id, in its order."""
    contracts = Contract.objects.in_bulk(ids)
    return [contracts[pk].reference for pk in ids]


def due_references(response) -> list[str]:
    """The references listed as due on the renewals page, soonest first across quarters."""
    quarters = response.context["renewals"].quarters
    return references([pk for _q, _n, listed in quarters for pk in listed])


def test_the_renewals_page_shows_the_window_asked_for(world, login):
    Contract.objects.create(
        authority=world.hf,
        reference="DUE",
        title="Connexions",
        provider_text="Various",
        end_date="2012-10-01",
    )
    client = login(world.users["scrutiny"])
    response = client.get(reverse("dashboards:renewals"), {"on": "2012-09-01", "months": 3})
    assert due_references(response) == ["DUE"]
    later = client.get(reverse("dashboards:renewals"), {"on": "2013-01-01", "months": 3})
    assert references(later.context["renewals"].overdue) == ["DUE"]


def test_the_old_renewals_address_redirects_for_good_with_its_query(world, login):
    """Bookmarks of the commissioning renewals page open the one renewals page."""
    client = login(world.users["scrutiny"])
    response = client.get(reverse("commissioning:renewals"), {"on": "2012-09-01", "months": 3})
    assert response.status_code == 301
    assert response["Location"] == reverse("dashboards:renewals") + "?on=2012-09-01&months=3"


def test_the_renewals_page_counts_every_contract_and_lists_the_soonest(world, login,
                                                                       monkeypatch):  # fmt: skip
    from dashboards.views import RenewalsView

    for n, day in enumerate(("2012-10-01", "2012-09-15", "2012-11-01")):
        Contract.objects.create(
            authority=world.hf, reference=f"DUE-{n}", title=f"Connexions {n}",
            provider_text="Various", end_date=day,
        )  # fmt: skip
    monkeypatch.setattr(RenewalsView, "listed", 1)
    client = login(world.users["scrutiny"])
    response = client.get(
        reverse("commissioning:renewals"), {"on": "2012-09-01", "months": 3}, follow=True
    )
    assert due_references(response) == ["DUE-1", "DUE-0"]
    assert [count for _q, count, _listed in response.context["renewals"].quarters] == [1, 2]
    assert "2012/13 Q3: 2 contracts, the first 1 to fall due listed" in response.content.decode()


def test_the_csv_download_holds_only_what_the_user_may_see(world, login):
    Contract.objects.create(
        authority=world.rbkc, reference="R1", title="Fostering", provider_text="Various"
    )
    url = reverse("commissioning:export", args=["authority", "207", "csv"])
    rows = list(
        csv.DictReader(io.StringIO(login(world.users["scrutiny"]).get(url).content.decode()))
    )
    assert [r["Reference Number"] for r in rows] == ["R1"]
    hidden = login(world.users["officer_hf"]).get(url).content.decode()
    assert list(csv.DictReader(io.StringIO(hidden))) == []


def test_the_spend_list_shows_the_computed_share(world, login):
    from commissioning.models import DeliveryModelSpend

    for category, amount in (("commissioned", 2675), ("direct", 55972)):
        DeliveryModelSpend.objects.create(
            authority=world.hf, start_year=2012, end_year=2012, category=category, amount=amount
        )
    response = login(world.users["officer_hf"]).get(
        reverse("admin:commissioning_deliverymodelspend_changelist")
    )
    assert response.status_code == 200
    assert b'<td class="field-share">5</td>' in response.content


def test_the_contract_list_links_to_the_partnerships_ocds_download(world, login):
    import json

    from commissioning.ocds import check_release_package

    Contract.objects.create(
        partnership=world.triborough, reference="T1", title="Transport", provider_text="Various"
    )
    client = login(world.users["officer_hf"])
    listing = client.get(reverse("admin:commissioning_contract_changelist"))
    names = [name for name, _csv, _ocds in listing.context["exports"]]
    assert names == ["Tri-borough"]
    ocds_url = listing.context["exports"][0][2]
    package = json.loads(client.get(ocds_url).content)
    assert check_release_package(package) == []
    assert [r["contracts"][0]["id"] for r in package["releases"]] == ["T1"]
    assert client.get(ocds_url.replace(".json", ".xml")).status_code == 404


def test_the_joint_procurement_list_spans_the_partnership_and_its_members(world, login):
    for owner, reference in (
        ({"authority": world.hf}, "HF"),
        ({"authority": world.wcc}, "WCC"),
        ({"authority": world.harrow}, "HARROW"),
        ({"partnership": world.triborough}, "TRI"),
    ):
        Contract.objects.create(
            reference=reference,
            title="Fostering",
            provider_text="Various",
            future_intention="tri_borough",
            **owner,
        )
    client = login(world.users["scrutiny"])
    page = reverse("dashboards:renewals")
    response = client.get(page, {"scope": "Tri-borough"})
    assert sorted(references(response.context["renewals"].joint)) == ["HF", "TRI", "WCC"]
    harrow = client.get(page, {"scope": world.harrow.dfe_code})
    assert references(harrow.context["renewals"].joint) == ["HARROW"]

"""Every CSV export puts an apostrophe before a cell that a spreadsheet would run as a formula,
including cells that start with a tab or a carriage return (spreadsheets skip those first)."""

import csv
import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest

from silkbridge.core import csvsafe

ATTACKS = ["\t=cmd|' /C calc'!A0", "\r=cmd|' /C calc'!A0", "=1+1", "+1", "-1", "@SUM(A1)"]


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def as_queryset(*objects):
    return SimpleNamespace(iterator=lambda chunk_size: iter(objects))


def organisation_named(name: str):
    return SimpleNamespace(name=name, country="PK")


def directory_export(name: str, make_organisation) -> str:
    from silkbridge.directory import exporting
    from silkbridge.directory.models import Organisation

    organisation = make_organisation()
    Organisation.objects.filter(pk=organisation.pk).update(name=name)
    rows = exporting.export_rows(Organisation.objects.filter(pk=organisation.pk))
    return "".join(exporting.iter_csv(rows))


def delegation_export(name: str, _make_organisation) -> str:
    from silkbridge.matching import views
    from silkbridge.matching.selectors import DelegationRow

    row = DelegationRow(
        member=organisation_named("Member"),
        candidate=organisation_named(name),
        score=0.5,
        reasons=[name],
    )
    return views._csv([row]).content.decode()


def forum_statistics_export(name: str, _make_organisation) -> str:
    from silkbridge.forums import stats

    participant = SimpleNamespace(
        organisation=organisation_named(name), participation_type="buyer", status="approved"
    )
    figures = SimpleNamespace(participants=[stats.ParticipantRow(participant=participant)])
    return stats.stats_csv(figures)


def action_items_export(name: str, _make_organisation) -> str:
    from silkbridge.workspace import exporting

    item = SimpleNamespace(
        pk=1,
        group=SimpleNamespace(name=name),
        title=name,
        status="open",
        owner_user=None,
        owner_organisation=organisation_named(name),
        due_on=datetime.date(2026, 1, 1),
        is_overdue=lambda today: False,
        decision=None,
        completed_at=None,
    )
    return "".join(exporting.iter_csv(as_queryset(item)))


def ventures_export(name: str, _make_organisation) -> str:
    from silkbridge.ventures import selectors

    party = SimpleNamespace(organisation=organisation_named(name))
    venture = SimpleNamespace(
        pk=1,
        title=name,
        get_kind_display=lambda: "Joint venture",
        get_stage_display=lambda: "Contract",
        get_origin_display=lambda: "Introduction",
        parties=SimpleNamespace(all=lambda: [party]),
        sectors=SimpleNamespace(all=lambda: [SimpleNamespace(label=name)]),
        working_group=SimpleNamespace(name=name),
        started_on=datetime.date(2026, 1, 1),
        stage_changed_at=datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC),
        value_amount=Decimal("1000"),
        value_currency="USD",
        usd_rate=Decimal("1"),
        value_usd=Decimal("1000"),
        jobs_created=1,
        people_exchanged=None,
        seats=None,
        intake_dates=[],
        fields_of_study=name,
        confidential=False,
    )
    return "".join(selectors.csv_lines(as_queryset(venture)))


def outcomes_table_export(name: str, _make_organisation) -> str:
    from silkbridge.outcomes import exports
    from silkbridge.outcomes.selectors import Series

    series = Series(
        key="sectors",
        title="Sectors",
        label_header="Sector",
        value_headers=["Ventures"],
        rows=[(name, [3])],
    )
    return exports.series_csv(series)


def outcomes_targets_export(name: str, _make_organisation) -> str:
    from silkbridge.outcomes import exports
    from silkbridge.outcomes.selectors import TargetProgress

    target = SimpleNamespace(
        name=name,
        working_group=SimpleNamespace(name=name),
        country=None,
        period_start=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 12, 31),
        baseline=Decimal(0),
        target_value=Decimal(10),
    )
    progress = TargetProgress(
        target=target,
        metric=SimpleNamespace(label="Agreements signed"),
        value=Decimal(1),
        level=Decimal(1),
        percent=Decimal(10),
        expected_percent=Decimal(50),
        status="behind",
    )
    return exports.targets_csv([progress])


EXPORTS = [
    directory_export,
    delegation_export,
    forum_statistics_export,
    action_items_export,
    ventures_export,
    outcomes_table_export,
    outcomes_targets_export,
]


@pytest.mark.parametrize("attack", ATTACKS, ids=repr)
@pytest.mark.parametrize("export", EXPORTS, ids=lambda export: export.__name__)
def test_every_export_defuses_cells_that_a_spreadsheet_would_run(
    export, attack, make_organisation, db
):
    written = cells(export(attack, make_organisation))

    assert "'" + attack in written
    assert attack not in written


def test_harmless_cells_are_written_as_they_are():
    assert [csvsafe.guard(v) for v in ("Qazaq Labs", 12, None, "a=b", " =x")] == [
        "Qazaq Labs",
        "12",
        "",
        "a=b",
        " =x",
    ]

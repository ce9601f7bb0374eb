"""Names beside codes in trace, show and frameworks: short names in tables, full titles and ``<dim>_name``
columns in JSON and CSV, on the embedded portfolio."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.frameworks import areas, gcm, sdg
from mptf.reports.names import coded, common_name, name, via_name

AS_OF = ["--as-of", "2026-01-31"]


@pytest.fixture(scope="module")
def run():
    runner = CliRunner()

    def invoke(*args: str) -> str:
        result = runner.invoke(main, list(args), env={"COLUMNS": "240"})
        assert result.exit_code in (0, 1), result.output
        return result.output

    return invoke


def _csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_coded_names_a_code_and_its_kind_of_link():
    assert coded("thematic-area", "3") == "3 Addressing Irregular Migration"
    assert coded("gcm", "21:inherited") == "21 Dignified return and reintegration (inherited)"
    assert coded("gcm", "99") == "99"
    assert via_name("thematic area 4") == "thematic area 4 Facilitating Regular Migration"
    assert via_name("programme phl-bridge") == "programme phl-bridge"


def test_trace_up_names_the_area_in_every_format(run):
    table = run("trace", "up", "phl.recruitment-reintegration-trained", *AS_OF)
    assert "thematic area 4 Facilitating" in table
    links = json.loads(run("trace", "up", "phl.recruitment-reintegration-trained", "--format", "json", *AS_OF))["links"]
    by_ref = {r["ref"]: r for r in links}
    assert by_ref["21"]["name"] == gcm.objectives().loc[21, "title"]
    assert by_ref["5"]["via_name"] == "thematic area 4 " + areas.areas().loc[4, "title"]
    rows = _csv(run("trace", "up", "phl.recruitment-reintegration-trained", "--format", "csv", *AS_OF))
    assert {r["name"] for r in rows if r["ref"] == "8"} == {gcm.objectives().loc[8, "title"]}


def test_trace_down_names_the_group_and_the_common_indicator(run):
    args = ["trace", "down", "--by", "thematic-area", "--key", "2", "--indicator", "people-reached", *AS_OF]
    assert "People reached (people-reached) under thematic area 2 Protecting Human Rights" in run(*args)
    figure = json.loads(run(*args, "--format", "json"))["figure"]
    assert figure["thematic-area_name"] == areas.areas().loc[2, "title"]
    gcm_args = ["trace", "down", "--by", "gcm", "--key", "21:inherited", "--indicator", "people-reached", *AS_OF]
    assert "under GCM objective 21 Dignified return and reintegration (inherited)" in run(*gcm_args)
    budget = ["trace", "down", "--by", "thematic-area", "--key", "2", "--indicator", "budget", *AS_OF]
    assert "budget under thematic area 2 Protecting Human Rights" in run(*budget)
    assert json.loads(run(*budget, "--format", "json"))["group_name"] == areas.areas().loc[2, "title"]


def test_trace_gcm_names_the_objective_the_area_and_the_common_indicators(run):
    table = run("trace", "gcm", "21", *AS_OF)
    assert "linked to GCM objective 21 Dignified return and reintegration" in table
    assert "thematic area 3 Addressing" in table and "People reached (people-reached)" in table
    items = json.loads(run("trace", "gcm", "21", "--format", "json", *AS_OF))["items"]
    fed = [r for r in items if r["common"]]
    assert fed and all(r["common_name"] == common_name(r["common"]) for r in fed)
    assert all(r["via_name"] == via_name(r["via"], full=True) for r in items)
    rows = _csv(run("trace", "gcm", "21", "--format", "csv", *AS_OF))
    assert {"via_name", "common_name"} <= set(rows[0])


def test_trace_orphans_names_the_common_indicator(run):
    rows = _csv(run("trace", "orphans", "--format", "csv", *AS_OF))
    assert any(r["common"] for r in rows)
    assert all(r["common_name"] == (common_name(r["common"]) if r["common"] else "") for r in rows)


def test_show_names_the_area_the_links_and_the_common_indicator(run):
    text = run("show", "phl-bridge")
    assert "GCM 21 Dignified return and reintegration" in text and "GCM 8 Save lives" in text
    assert "thematic_area: 4 Facilitating Regular Migration" in text
    assert "→ feeds Officials and stakeholders trained (officials-trained)" in " ".join(text.split())


def test_frameworks_name_every_code(run):
    table = run("frameworks", "areas")
    assert "21 Dignified return and reintegration" in " ".join(table.split())
    rows = _csv(run("frameworks", "areas", "--format", "csv"))
    three = next(r for r in rows if r["number"] == "3")
    assert three["gcm"].split("; ")[0] == "4" and three["gcm_name"].startswith(gcm.objectives().loc[4, "title"])
    objectives = json.loads(run("frameworks", "gcm", "--format", "json"))
    first = objectives[0]
    assert first["thematic-area"] == "1" and first["thematic-area_name"] == name("thematic-area", "1")
    assert "1 Promoting Use of Data" in run("frameworks", "gcm", "--format", "md")
    targets = _csv(run("frameworks", "sdg", "--goal", "10", "--format", "csv"))
    assert {r["goal_name"] for r in targets} == {sdg.goals().loc[10, "title"]}
    assert f"10 {sdg.goals().loc[10, 'title']}" in run("frameworks", "sdg", "--goal", "10")

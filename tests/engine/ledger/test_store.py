"""The ledger's store: schema migrations, where the default database lives, and what a version keeps."""

from pathlib import Path

import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory

from mptf.engine.ledger import store
from mptf.engine.ledger.query import framework_files, rows_of, states
from mptf.engine.ledger.schema import metadata


def test_head_is_the_newest_migration_and_the_migrated_schema_is_the_declared_one(db_url):
    config = Config()
    config.set_main_option("script_location", str(Path(store.__file__).with_name("migrations")))
    assert ScriptDirectory.from_config(config).get_current_head() == store.HEAD
    engine = store.open_ledger(db_url)
    inspector = sa.inspect(engine)
    for table in metadata.sorted_tables:
        declared = {c.name for c in table.columns}
        assert {c["name"] for c in inspector.get_columns(table.name)} == declared, table.name
    assert store.open_ledger(db_url).url == engine.url  # a second open finds the schema at head


def test_the_default_ledger_is_beside_a_portfolio_given_else_in_the_user_data_directory(tmp_path, monkeypatch):
    monkeypatch.delenv(store.DB_ENV, raising=False)
    assert store.default_url(tmp_path) == f"sqlite:///{tmp_path.resolve() / store.LEDGER_FILE}"
    programme = tmp_path / "p.yaml"
    programme.write_text("id: p\n", encoding="utf-8")
    assert store.default_url(programme) == f"sqlite:///{tmp_path.resolve() / store.LEDGER_FILE}"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = store.default_url(None)
    assert url.startswith(f"sqlite:///{tmp_path / 'data'}") and Path(store.__file__).parents[1].as_posix() not in url
    monkeypatch.setenv(store.DB_ENV, "sqlite:////elsewhere/l.sqlite")
    assert store.default_url(tmp_path) == "sqlite:////elsewhere/l.sqlite"


def test_a_version_keeps_its_rows_with_provenance_findings_and_framework_files(db_url, portfolio, report):
    from click.testing import CliRunner

    from mptf.engine.cli.main import main

    path = report("a,a.i,2023-01-01,2023-12-31,approx. 150\n")
    args = ["submit", str(path), "--programme", "a", "--portfolio", str(portfolio), "--db", db_url, "--by", "ana"]
    assert CliRunner().invoke(main, [*args, "--note", "first"]).exit_code == 0
    engine = store.open_ledger(db_url)
    (version,) = states(engine).to_dict("records")
    assert (version["submitted_by"], version["note"], version["warnings"]) == ("ana", "first", 1)
    row = rows_of(engine, [version["id"]]).iloc[0]
    assert (row["value"], row["bound"], row["text"], row["line"]) == (150.0, "≈", "approx. 150", 2)
    assert row["file"] == "ledger a v1: report.csv" and str(row["period_end"].date()) == "2023-12-31"
    stored = dict(framework_files(engine, version["framework_id"]))
    assert stored == {p.name: p.read_bytes() for p in portfolio.glob("*.yaml")}
    with engine.connect() as conn:
        codes = conn.execute(sa.text("select code from ledger_findings")).scalars().all()
    assert codes == ["inexact-value"]


def test_a_ledger_that_cannot_be_opened_is_said_in_one_line(tmp_path):
    from click.testing import CliRunner

    from mptf.engine.cli.main import main

    for url in ("nosuch://x", f"sqlite:///{tmp_path}/missing/dir/ledger.sqlite"):
        got = CliRunner().invoke(main, ["history", "--db", url])
        assert got.exit_code == 2 and f"cannot open the ledger at {url}" in got.output, got.output

"""The migrations build exactly the schema that ``models.py`` describes."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Connection, Index, Integer, MetaData, inspect

from app.storage.database import Database, head_revision, known_revisions, open_database
from app.storage.models import Base


def differences(connection: Connection, metadata: MetaData) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


def test_empty_file_is_migrated_to_head(db_path: Path) -> None:
    with open_database(db_path) as db:
        assert db.revision() == head_revision()
        assert {"0001", head_revision()} <= known_revisions()
        tables = set(inspect(db.engine).get_table_names())
    assert tables == set(Base.metadata.tables) | {"alembic_version"}


def test_migrated_schema_equals_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        assert differences(connection, Base.metadata) == []


def test_indexes_and_foreign_keys_match_by_name(database: Database) -> None:
    inspector = inspect(database.engine)
    for name, table in Base.metadata.tables.items():
        built = {i["name"] for i in inspector.get_indexes(name)}
        assert built == {i.name for i in table.indexes}, name
        built_fks = {fk["name"] for fk in inspector.get_foreign_keys(name)}
        assert built_fks == {fk.name for fk in table.foreign_key_constraints}, name


def test_register_filter_indexes_exist(database: Database) -> None:
    inspector = inspect(database.engine)
    wanted = {
        "children": [["team_id"], ["worker_id"], ["family_name", "given_name"]],
        "legal_statuses": [["child_id", "end"]],
        "events": [["child_id", "kind"]],
        "transfers": [["child_id", "status"]],
    }
    for table, indexes in wanted.items():
        built = [i["column_names"] for i in inspector.get_indexes(table)]
        for columns in indexes:
            assert columns in built, (table, columns)


def test_the_comparison_would_notice_a_change(database: Database) -> None:
    """Guard against a vacuous pass: a model change the migrations lack is reported."""
    changed = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["children"].append_column(Column("shoe_size", Integer))
    Index("ix_events_kind", changed.tables["events"].c.kind)
    with database.engine.connect() as connection:
        found = differences(connection, changed)
    kinds = sorted(str(d[0]) for d in found if isinstance(d, tuple))
    assert kinds == ["add_column", "add_index"]


def test_disagreements_have_no_child_column(database: Database) -> None:
    columns = {c["name"] for c in inspect(database.engine).get_columns("disagreements")}
    assert "child_id" not in columns
    assert "transfer_id" in columns

"""The import pipeline shared by the Nhập dữ liệu page and the command line:
read → validate against the database → (user decides conflicts) → commit as one batch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from danvan import queries
from danvan.batches import commit_models, commit_plan, file_checksum, previous_batch
from danvan.importing import ImportContext, read_table, validate, validate_models


def context(engine: Engine) -> ImportContext:
    """What validation compares a file with: the catalogue and every visible figure."""
    existing = queries.observations(engine, None, include_undated=True, focus_only=False)
    return ImportContext(
        catalogue=queries.catalogue(engine), localities=queries.localities(engine),
        scope_classes=queries.scope_classes(engine), sources=queries.sources(engine),
        existing=existing, existing_models=queries.dvk_models(engine),
    )


@dataclass
class Prepared:
    """A file read and validated, ready to show as a preview and then to commit."""

    file_name: str
    checksum: str
    plan: Any  # ImportPlan or ModelPlan
    kind: str  # observations | models
    duplicate_of: int | None  # an active batch that already imported this very file


def prepare(engine: Engine, file_name: str, data: bytes, *, kind: str = "observations",
            today: date | None = None) -> Prepared:
    """Read and validate; raises danvan.importing.ImportFileError for file-level problems."""
    today = today or date.today()
    table = read_table(file_name, data)
    ctx = context(engine)
    if kind == "models":
        plan = validate_models(table, ctx, file_name=file_name, today=today)
    else:
        plan = validate(table, ctx, file_name=file_name, today=today)
    checksum = file_checksum(data)
    return Prepared(file_name, checksum, plan, kind, previous_batch(engine, checksum))


def commit(engine: Engine, prepared: Prepared, user: str, accept: set[int] | None = None) -> int:
    """Write the prepared file as one batch (all accepted rows or none)."""
    if prepared.kind == "models":
        return commit_models(engine, prepared.plan, file_name=prepared.file_name,
                             checksum=prepared.checksum, user=user)
    return commit_plan(engine, prepared.plan, file_name=prepared.file_name, checksum=prepared.checksum,
                       user=user, accept=accept or set())

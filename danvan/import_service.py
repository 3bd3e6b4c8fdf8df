"""The import pipeline shared by the Nhập dữ liệu page and the command line:
read → validate against the database → (user decides conflicts) → commit as one batch."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from danvan import import_queries, queries
from danvan.batches import commit_models, commit_plan, file_checksum, previous_batch
from danvan.importing import ImportContext, read_table, validate, validate_models


def context(engine: Engine, kind: str = "observations") -> ImportContext:
    """What validation compares a file with: the catalogue (small tables, read whole) and,
    for figures, a look-up of only the stored figures that share a key with the file's rows
    (danvan.import_queries), never the whole observation table."""
    ctx = ImportContext(
        catalogue=queries.catalogue(engine), localities=queries.localities(engine),
        scope_classes=queries.scope_classes(engine), sources=queries.sources(engine),
    )
    if kind == "models":
        ctx.existing_models = import_queries.existing_models(engine)
    else:
        ctx.existing_lookup = lambda keys: import_queries.existing_observations(engine, keys)
    return ctx


@dataclass
class Prepared:
    """A file read and validated, ready to show as a preview and then to commit."""

    file_name: str
    checksum: str
    plan: Any  # ImportPlan or ModelPlan
    kind: str  # observations | models
    duplicate_of: int | None  # an active batch that already imported this very file
    # filled by commit(): file rows another import wrote meanwhile (identical figures, not written twice)
    already_present: list[int] = field(default_factory=list)


def prepare(engine: Engine, file_name: str, data: bytes, *, kind: str = "observations",
            today: date | None = None) -> Prepared:
    """Read and validate; raises danvan.importing.ImportFileError for file-level problems."""
    today = today or date.today()
    table = read_table(file_name, data)
    ctx = context(engine, kind)
    if kind == "models":
        plan = validate_models(table, ctx, file_name=file_name, today=today)
    else:
        plan = validate(table, ctx, file_name=file_name, today=today)
    checksum = file_checksum(data)
    return Prepared(file_name, checksum, plan, kind, previous_batch(engine, checksum))


def commit(engine: Engine, prepared: Prepared, user: str, accept: set[int] | None = None, *,
           progress: Callable[[int, int], None] | None = None) -> int:
    """Write the prepared file as one batch (all accepted rows or none); returns the batch id.

    The plan is checked again against the data at the moment of writing (another import may
    have run since the preview): rows now present with the same value are not written twice
    and are listed in ``prepared.already_present``; a row that now meets a different value
    raises danvan.batches.BatchError and nothing is written. ``progress(written, total)`` is
    called after each chunk of rows."""
    prepared.already_present = []
    if prepared.kind == "models":
        return commit_models(engine, prepared.plan, file_name=prepared.file_name,
                             checksum=prepared.checksum, user=user, already=prepared.already_present)
    return commit_plan(engine, prepared.plan, file_name=prepared.file_name, checksum=prepared.checksum,
                       user=user, accept=accept or set(), progress=progress, already=prepared.already_present)

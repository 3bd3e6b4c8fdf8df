"""What the validator needs to know about the database, passed in as DataFrames."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

# obs keys (see rows.obs_key) -> the visible observations with those keys, same columns as ``existing``
ExistingLookup = Callable[[list[tuple]], pd.DataFrame]
# indicator codes -> the stored figures' range per level: indicator_code, level, n, low, high
RangeLookup = Callable[[list[str]], pd.DataFrame]


@dataclass
class ImportContext:
    """Reference data for validation (no database access happens here).

    * ``catalogue``: indicators — code, name_vi, unit, unit_label (units.name_vi), kind
    * ``localities``: locality_id, lineage, name_vi, short_name_vi, valid_from, valid_to
    * ``scope_classes``: code, name_vi
    * ``sources``: source_id, title, issuer, document_number, url, published_date
    * ``existing``: observations currently visible — obs_id, locality_id, indicator_code,
      period_start, period_end, scope_class, scope_vi, value, source_id
    * ``existing_lookup``: instead of (or besides) ``existing``, a function the validator calls
      once with the keys of the file's rows to get only the figures that can match them
      (so a file is checked against a large database without loading all of it); with
      ``any_scope_text=True``, whatever the wording of their scope
    * ``existing_models``: Dân vận khéo models already registered — at least name, locality_id
    * ``ranges`` / ``range_lookup``: the stored figures' range per indicator and level
      (danvan.importing.lookups.value_ranges), for the plausibility questions
    """

    catalogue: pd.DataFrame
    localities: pd.DataFrame
    scope_classes: pd.DataFrame
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    existing: pd.DataFrame = field(default_factory=pd.DataFrame)
    existing_lookup: ExistingLookup | None = None
    existing_models: pd.DataFrame = field(default_factory=pd.DataFrame)
    ranges: pd.DataFrame = field(default_factory=pd.DataFrame)
    range_lookup: RangeLookup | None = None
    # ``localities`` already indexed (danvan.data.unit_names.UnitIndex), to share between many checks
    unit_index: Any = None

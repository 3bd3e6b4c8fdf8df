"""Pure half of the yearly data import: read a user's file, validate every row before
anything is written, and return a plan (no database access, no Streamlit)."""

from danvan.importing.columns import IMPORT_COLUMNS, IMPORT_SHEET, MODEL_COLUMNS, MODEL_SHEET
from danvan.importing.context import ImportContext
from danvan.importing.problems import ImportFileError, ImportProblem
from danvan.importing.reading import MAX_IMPORT_BYTES, MAX_ROWS, RawRow, RawTable, read_table, read_tables
from danvan.importing.registry_sheet import (
    MODEL_FIELDS,
    MODEL_STATUSES,
    MODEL_SUBJECTS,
    ModelPlan,
    validate_models,
)
from danvan.importing.template import model_template_xlsx, template_xlsx
from danvan.importing.validate import ImportPlan, validate
from danvan.importing.values import (
    match_locality,
    number_and_percent,
    parse_date,
    parse_number,
    parse_period,
    parse_qualifier,
)

__all__ = [
    "IMPORT_COLUMNS",
    "IMPORT_SHEET",
    "MAX_IMPORT_BYTES",
    "MAX_ROWS",
    "MODEL_COLUMNS",
    "MODEL_FIELDS",
    "MODEL_SHEET",
    "MODEL_STATUSES",
    "MODEL_SUBJECTS",
    "ImportContext",
    "ImportFileError",
    "ImportPlan",
    "ImportProblem",
    "ModelPlan",
    "RawRow",
    "RawTable",
    "match_locality",
    "model_template_xlsx",
    "number_and_percent",
    "parse_date",
    "parse_number",
    "parse_period",
    "parse_qualifier",
    "read_table",
    "read_tables",
    "template_xlsx",
    "validate",
    "validate_models",
]

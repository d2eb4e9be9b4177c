"""Reading the files councils get out of their survey tools, without touching the database.

- `reading`: bytes on disk -> a `Table` (encoding and layout detected, SurveyMonkey's two header
  rows flattened, Excel workbooks read cell by cell).
- `values`: turning cells into dates, ratings, consent answers and reference-list codes.
- `mapping`: which column means what (auto-detected with a confidence, editable, saved as JSON).

`voiceapp.services.imports` puts these together and writes to the database.
"""

from .mapping import FIELD_LABELS, ColumnMapping, Field, Mapping, auto_map
from .reading import Layout, Table, read_table
from .values import Vocabulary, parse_consent, parse_date

__all__ = [
    "FIELD_LABELS",
    "ColumnMapping",
    "Field",
    "Layout",
    "Mapping",
    "Table",
    "Vocabulary",
    "auto_map",
    "parse_consent",
    "parse_date",
    "read_table",
]

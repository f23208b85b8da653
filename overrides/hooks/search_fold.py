"""MkDocs hook: typing without accents finds accented words ("biometrico" → "biométrico").

Material's search (lunr) matches the exact characters and has no option to fold
diacritics: its pipeline setting only chooses among stemmer, stop-word filter and
trimmer, and the Spanish stemmer is not used by default. But the `fields` option of
the search plugin can add a field to the index, and the worker indexes every
configured field. So after the search plugin has written search/search_index.json,
this hook adds to every entry a `folded` field: the entry's words that contain a
diacritic, written without it (NFD, combining marks removed: á→a, é→e, ñ→n, ü→u).

Result titles and text are untouched, so results read correctly; a match found only
through the folded field is listed but not highlighted in the result preview, and
the page itself does not highlight it either (Material highlights the typed letters).
The field is declared in mkdocs.yml (plugins → search → fields → folded).
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority

from derechos.searchfold import add_folded_field


# After the search plugin wrote the index (priority 0), before the offline plugin
# copies it into search_index.js (-100).
@event_priority(-50)
def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(add_folded_field(index), ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")

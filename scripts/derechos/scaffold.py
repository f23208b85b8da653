"""`dev.py new-page NAME` and `dev.py new-event`: the files an editor fills in, in every language.

    python3 scripts/dev.py new-page derechos-laborales                 # a page, in the navigation
    python3 scripts/dev.py new-page derechos-laborales --section topics  # ... under a section
    python3 scripts/dev.py new-event                                   # an event and its source

Each writes PLACEHOLDER (derechos.drafts) where the editor has to write, and prints what to
fill in next, in Spanish (the editors' language). Until every placeholder is replaced, `dev.py
build` refuses the files (naming each line) and `dev.py serve` shows them, listing what is
left: a stub is never published. mkdocs.yml is edited as text, so its comments stay.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from derechos.drafts import PLACEHOLDER, PLACEHOLDER_ID
from derechos.metadata import today
from derechos.project import Project, load_project
from derechos.yamlfile import DataError

NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
RESERVED = {"index", "404", "search", "sitemap", "assets", "downloads", "feed", "events"}

PAGE = {
    "es": ("---\ntitle: {P} el título de la página\n"
           "description: {P} una descripción de 50 a 160 caracteres, para buscadores y vistas previas de enlaces.\n"
           "sources: []\n---\n\n# {P} el título de la página {{ #{name} }}\n\n{P} el texto de la página.\n"),
    "en": ("---\ntitle: {P} the title of the page\n"
           "description: {P} a description of 50 to 160 characters, for search engines and link previews.\n"
           "sources: []\n---\n\n# {P} the title of the page {{ #{name} }}\n\n{P} the text of the page.\n"),
}
OTHER_PAGE = ("---\ntitle: {P} the title of the page ({code})\n"
              "description: {P} a description of 50 to 160 characters, for search engines and link previews.\n"
              "sources: []\n---\n\n# {P} the title of the page {{ #{name} }}\n\n{P} the text of the page.\n")

EVENT_TEXT = {"es": ("{P} el título, en una línea", "{P} una o dos oraciones, en nuestras palabras."),
              "en": ("{P} the title, in one line", "{P} one or two sentences, in our own words.")}


def _by_language(project: Project, values: dict[str, str], indent: str, folded: bool = False) -> str:
    lines = []
    for code in project.codes:
        value = values.get(code, values["en"])
        if folded:
            lines.append(f"{indent}{code}: >-\n{indent}  {value}")
        else:
            lines.append(f"{indent}{code}: {value}")
    return "\n".join(lines)


def nav_insert(config: str, entry: str, section: str | None = None) -> str:
    """mkdocs.yml's text with `entry` added to its `nav:`: at the end of `section` (a key of the
    strings' nav.*), or after the last page at the top level (before the sections that follow it)."""
    lines = config.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "nav:"), None)
    if start is None:
        raise DataError(f"mkdocs.yml: no `nav:` to add {entry} to")
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " #"):
        end += 1
    block = range(start + 1, end)
    top = [i for i in block if re.match(r"^  - ", lines[i])]
    if section is not None:
        head = next((i for i in top if lines[i].strip() == f"- {section}:"), None)
        if head is None:
            names = [lines[i].strip()[2:].rstrip(":") for i in top if lines[i].rstrip().endswith(":")]
            raise DataError(f"mkdocs.yml: no section {section!r} in nav (sections: {', '.join(names)})")
        children = [i for i in block if i > head and re.match(r"^ {6}- ", lines[i])
                    and all(not (head < t <= i) for t in top if t != head)]
        after = children[-1] if children else head
        line = f"      - {entry}\n"
    else:
        pages = [i for i in top if lines[i].strip().endswith(".md")]
        after = pages[-1] if pages else (top[-1] if top else start)
        line = f"  - {entry}\n"
    return "".join([*lines[:after + 1], line, *lines[after + 1:]])


def new_page(project: Project, name: str, section: str | None = None) -> list[Path]:
    name = name.removesuffix(".md")
    if not NAME.match(name) or name in RESERVED:
        raise DataError(f"new-page: {name!r}: use lowercase letters, digits and hyphens (derechos-laborales), "
                        f"not one of {', '.join(sorted(RESERVED))}")
    files = [project.docs / code / f"{name}.md" for code in project.codes]
    existing = [project.shown(f) for f in files if f.exists()]
    if existing:
        raise DataError(f"new-page: {', '.join(existing)} already exists: choose another name")
    config = project.config_file.read_text(encoding="utf-8")
    new_config = nav_insert(config, f"{name}.md", section)
    for code, path in zip(project.codes, files, strict=True):
        template = PAGE.get(code, OTHER_PAGE)
        path.write_text(template.format(P=PLACEHOLDER, name=name, code=code), encoding="utf-8")
    project.config_file.write_text(new_config, encoding="utf-8")
    return [*files, project.config_file]


def _free(existing: str, base: str) -> str:
    candidate, n = base, 2
    while re.search(rf"^(- id: |){re.escape(candidate)}:?\s*$", existing, re.M):
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _append(path: Path, block: str) -> int:
    """Append a block after a blank line; returns the line where it starts."""
    text = path.read_text(encoding="utf-8")
    text = text.rstrip("\n") + "\n\n"
    path.write_text(text + block, encoding="utf-8")
    return text.count("\n") + 1


def new_event(project: Project) -> tuple[int, str, int, str]:
    day = today().isoformat()
    events_file, sources_file = project.data / "events.yml", project.data / "sources.yml"
    sid = _free(sources_file.read_text(encoding="utf-8"), f"{PLACEHOLDER_ID}-{day}")
    eid = _free(events_file.read_text(encoding="utf-8"), f"{day}-{PLACEHOLDER_ID}")
    titles = {code: EVENT_TEXT[code][0].format(P=PLACEHOLDER) for code in EVENT_TEXT}
    texts = {code: EVENT_TEXT[code][1].format(P=PLACEHOLDER) for code in EVENT_TEXT}
    about = {"es": f"{PLACEHOLDER} para qué la citamos", "en": f"{PLACEHOLDER} what we cite it for"}
    event = (f"- id: {eid}\n  date: {day}\n  updated: {day}\n  kind: later\n  confidence: medium\n  sources: [{sid}]\n"
             f"  pages: [index.md]  # {PLACEHOLDER}: las páginas de las que trata, como [surveillance.md#pegasus]\n"
             f"  title:\n{_by_language(project, titles, '    ')}\n"
             f"  text:\n{_by_language(project, texts, '    ', folded=True)}\n")
    source = (f"{sid}:\n  kind: followup\n"
              f"  site: {PLACEHOLDER} el sitio que lo publicó, como lo muestra su dirección\n"
              f"  url: https://{PLACEHOLDER}.invalid/la-direccion-de-la-pagina\n  date: null\n  read: {day}\n"
              f"  confidence: medium\n"
              f"  excerpt: \"{PLACEHOLDER} un pasaje textual corto de la página, que contenga el hecho\"\n"
              f"  about:\n{_by_language(project, about, '    ')}\n")
    event_line = _append(events_file, event)
    source_line = _append(sources_file, source)
    return event_line, eid, source_line, sid


NEXT_PAGE = """Listo: se crearon {files}
y se agregó la página a la navegación en mkdocs.yml{where}.

Ahora complete, en cada idioma, cada «{P}»:
  1. title y description (la descripción: de 50 a 160 caracteres);
  2. el título con ancla: cambie solo el texto; deje {{ #{name} }} igual en los dos idiomas;
  3. el texto de la página, y en sources: los ids de data/sources.yml de lo que cite.
Vea la página mientras escribe: python3 scripts/dev.py serve
Mientras quede un «{P}», python3 scripts/dev.py build se niega a publicarla y dice en qué archivo y línea.
"""

NEXT_EVENT = """Listo: se agregó el evento {eid} al final de data/events.yml (línea {event_line})
y su fuente {sid} al final de data/sources.yml (línea {source_line}).

Ahora complete:
  1. en data/events.yml: date (YYYY, YYYY-MM o YYYY-MM-DD) y el id, que empieza con esa fecha
     y sigue con palabras en minúsculas separadas por guiones (2026-03-05-senado-aprueba-ley);
     updated: déjelo en la fecha de hoy (así el aviso llega a quien sigue el canal de novedades,
     aunque el hecho sea de antes; cámbielo a la fecha del día cada vez que corrija el evento);
     kind (later: ocurrió después de las fuentes), confidence (high, medium-high o medium);
     pages: las páginas a las que se refiere, como [surveillance.md#pegasus];
     title y text en cada idioma, en lugar de cada «{P}»;
  2. en data/sources.yml: un id para la fuente (el mismo en sources: del evento), site, url
     (la dirección https:// real), date (la fecha de publicación, o null), excerpt (un pasaje
     textual corto que contenga el hecho) y about en cada idioma.
Si la fuente ya está en data/sources.yml, borre la nueva y ponga el id existente en sources:.
Mientras quede un «{P}», python3 scripts/dev.py build se niega a publicarlo y dice en qué archivo y línea.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 scripts/dev.py new-page|new-event",
                                     description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    page = sub.add_parser("page", help="a new page in every language")
    page.add_argument("name", help="the file name, without .md: lowercase words joined by hyphens")
    page.add_argument("--section", help="the navigation section to add it to (e.g. topics, about_site)")
    sub.add_parser("event", help="a new event in data/events.yml and its source in data/sources.yml")
    args = parser.parse_args(argv)
    try:
        project = load_project()
        if args.what == "page":
            files = new_page(project, args.name, args.section)
            shown = ", ".join(project.shown(f) for f in files[:-1])
            where = f" (sección {args.section})" if args.section else ""
            print(NEXT_PAGE.format(files=shown, where=where, P=PLACEHOLDER, name=args.name.removesuffix(".md")))
        else:
            event_line, eid, source_line, sid = new_event(project)
            print(NEXT_EVENT.format(eid=eid, event_line=event_line, sid=sid, source_line=source_line, P=PLACEHOLDER))
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

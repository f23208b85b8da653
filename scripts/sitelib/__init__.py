"""Shared knowledge about the site: languages, source registry and page metadata schema.

Used by the MkDocs hooks (at build time), by scripts/check_site.py and by the tests,
so that each rule is written once.
"""

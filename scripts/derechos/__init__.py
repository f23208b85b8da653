"""Shared knowledge about the site: languages, source registry and page metadata schema.

Used by the MkDocs hooks (at build time), by derechos.check and by the tests,
so that each rule is written once.
"""

"""The site checker's parts: built HTML (site.py, over the tokenizer in htmlscan.py) and
external URLs (external.py); the docs/ rules live in derechos.twins and derechos.metadata,
the short-link rule in derechos.shortlinks. derechos.check.cli is the command line."""

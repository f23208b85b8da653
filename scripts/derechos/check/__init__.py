"""The site checker's parts: built HTML (site.py), Markdown sources (docs.py) and
external URLs (external.py). derechos.check is the command line around them."""

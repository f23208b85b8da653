"""The site checker's parts: built HTML (site.py), Markdown sources (docs.py) and
external URLs (external.py). scripts/check_site.py is the command line around them."""

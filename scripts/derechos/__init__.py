"""The site's own code: its rules, its pages completed from data, what it adds to a built
site, the engine adapters (MkDocs, Zensical) and the checker; each rule written once.

The build runs in this order (derechos.build): rules, stage, engine, publish.
"""

"""The maintainers' tools around the site: benchmarks, the audit, where Chromium is.

Not part of the site's package (`derechos`): nothing in the build or the checker imports
this, and this imports `derechos` only to build, serve and check as a reader's machine
would. Each module is a command, `python -m derechos_tools.<name>` (see DEVELOPERS.md);
`chromium` is shared by the audit and the browser tests.
"""

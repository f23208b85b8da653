"""MkDocs hook: keep the offline copy free of third-party requests.

Material's offline plugin (enabled only for the offline copy, OFFLINE=true, see
derechos.offline) makes search work from file:// with a Web Worker shim, which it
loads from a CDN unless a polyfill named "iframe-worker" is already configured. This
hook configures the vendored copy (overrides/assets/javascripts/iframe-worker.js)
first, so the offline copy makes no request to any other host.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

SHIM = "assets/javascripts/iframe-worker.js"


def _offline_enabled(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


@event_priority(100)  # before the offline plugin's own on_config
def on_config(config):
    if _offline_enabled(config):
        polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
        config.extra["polyfills"] = [*polyfills, SHIM]
    return config


@event_priority(-200)  # after every plugin: fail if anything still points elsewhere
def on_post_build(config) -> None:
    if not _offline_enabled(config):
        return
    from mkdocs.exceptions import PluginError

    foreign = [p for p in config.extra.get("polyfills", []) if "://" in str(p)]
    if foreign:
        raise PluginError(f"offline copy: polyfills from other hosts: {foreign}")

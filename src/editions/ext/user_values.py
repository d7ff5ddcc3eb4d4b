"""The user's values win: editions sets a Sphinx value only where it still has Sphinx's
default (conf.py and ``-D`` did not set it), through Sphinx's public ``Config.values``."""

from __future__ import annotations

from typing import Any

from sphinx.config import Config


def sphinx_default(config: Config, name: str) -> Any:
    default = config.values[name].default
    return default(config) if callable(default) else default


def is_default(config: Config, name: str) -> bool:
    """Neither conf.py nor the command line chose this value."""
    if name in config.overrides:
        return False
    return bool(getattr(config, name) == sphinx_default(config, name))


def set_default(config: Config, name: str, value: Any) -> None:
    if is_default(config, name):
        config[name] = value

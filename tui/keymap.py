"""Keys remapped by the configuration file's ``[keys]`` table (binding id → key).

Every workbench binding has a stable id (``review.verified``); Textual's
``App.set_keymap`` swaps the key of each id named. An id that no binding has is a typo in
the file, reported in one line before the workbench starts, never ignored.
"""

from __future__ import annotations

import importlib
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

from core.errors import UserError

# The packages whose classes declare the workbench's bindings.
_PACKAGES = ("tui.screens", "tui.widgets")


def _binding_owners() -> list[type]:
    """Every workbench class that declares bindings (the app, screens, widgets)."""
    import tui
    from tui.app import ClaimdeskApp

    for package in _PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.iter_modules(module.__path__):
            importlib.import_module(f"{package}.{info.name}")
    owners: list[type] = [ClaimdeskApp]
    stack = [DOMNode]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith(tui.__name__ + ".") and "BINDINGS" in vars(sub):
                owners.append(sub)
    return owners


def binding_ids() -> dict[str, Binding]:
    """Binding id → its declared binding, over the whole workbench."""
    found: dict[str, Binding] = {}
    for owner in _binding_owners():
        for binding in vars(owner).get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                found.setdefault(binding.id, binding)
    return found


def check_keymap(keymap: dict[str, str], where: str) -> dict[str, str]:
    """``keymap`` if every id in it names a binding; else one line naming the file and id."""
    if not keymap:
        return keymap
    known = binding_ids()
    for binding_id in keymap:
        if binding_id not in known:
            raise UserError(
                f"{where}: unknown key 'keys.{binding_id}': no binding has that id "
                "(the help screen, ?, lists them)"
            )
    return keymap


def check_theme(theme: str | None, available: set[str] | dict, where: str) -> str | None:
    """``theme`` if Textual has it; else one line naming the file and the choices."""
    if theme is None or theme in available:
        return theme
    raise UserError(
        f"{where}: key 'theme' has unknown value {theme!r}; choose from: "
        + ", ".join(sorted(available))
    )

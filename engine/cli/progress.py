"""The progress display of long commands: a rich progress bar on stderr, only when stderr is a terminal (never in a
pipe, a file or a test's captured output), gone when the command ends.

One helper for every command: :func:`progress` shows a bar of named steps and yields the callback that starts
each one; :func:`advance` starts the next step of the bar on screen from anywhere in the command (``load`` calls
it when the portfolio is read); :func:`shows_progress` runs a click command under a bar; :class:`ProgressGroup`
gives the commands named in :data:`COMMAND_STEPS` their bar when they are registered.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

__all__ = ["COMMAND_STEPS", "ProgressGroup", "advance", "progress", "shows_progress"]

#: The steps of each command of the ``mptf`` and ``mptf trace`` groups that reads a portfolio or writes a large file
#: (``report`` and ``trace export`` name their own): a second or more on the embedded portfolio, minutes at scale.
COMMAND_STEPS: dict[str, tuple[str, ...]] = {
    "rollup": ("reading the portfolio", "rolling up"),
    "gcm": ("reading the portfolio", "GCM objectives"),
    "validate": ("reading and validating",),
    "check": ("reading the portfolio", "checking"),
    "progress": ("reading the portfolio", "progress"),
    "list": ("reading the portfolio", "listing"),
    "show": ("reading the portfolio", "the results tree"),
    "template": ("reading the portfolio", "writing the template"),
    "export-iati": ("reading the portfolio", "writing IATI"),
    "import-iati": ("reading the activities",),
    "submit": ("reading and validating", "storing"),
    "synth": ("writing the synthetic portfolio",),
    "down": ("reading the portfolio", "tracing the figure"),
    "up": ("reading the portfolio", "tracing up"),
    "sdg": ("reading the portfolio", "SDG target"),
    "orphans": ("reading the portfolio", "orphans"),
}
_ON_SCREEN: list[tuple[Callable[[str], None], tuple[str, ...], list[str]]] = []


@contextmanager
def progress(label: str, total: int, steps: tuple[str, ...] = ()) -> Iterator[Callable[[str], None]]:
    """A progress bar of ``total`` steps on stderr while the block runs, only when stderr is a terminal; yields the
    callback that starts each step (its name shown beside the bar). ``steps`` names them in order, for
    :func:`advance`."""
    if not _terminal():
        yield lambda _name: None
        return
    from rich.progress import Progress

    with Progress(console=_console(), transient=True) as bar:
        task = bar.add_task(label, total=total)
        started: list[str] = []

        def step(name: str) -> None:
            if started:
                bar.advance(task)
            started.append(name)
            bar.update(task, description=name)
            bar.refresh()  # drawn now, not at the next tick: a quick step is seen too

        _ON_SCREEN.append((step, steps, started))
        try:
            yield step
        finally:
            _ON_SCREEN.pop()


def _terminal() -> bool:
    return sys.stderr.isatty()


def _console():
    from rich.console import Console

    return Console(stderr=True)


def advance(name: str | None = None) -> None:
    """Start step ``name`` (default: the next of the bar's named steps) of the progress bar on screen; nothing when
    there is none."""
    if not _ON_SCREEN:
        return
    step, steps, started = _ON_SCREEN[-1]
    if name is None:
        if len(started) >= len(steps):
            return
        name = steps[len(started)]
    step(name)


def shows_progress(*steps: str) -> Callable:
    """Decorator: the command runs under a progress bar of ``steps``, the first started at once."""

    def wrap(command: Callable) -> Callable:
        @functools.wraps(command)
        def run(*args, **kwargs):
            with progress(steps[0], len(steps), steps) as step:
                step(steps[0])
                return command(*args, **kwargs)

        return run

    return wrap


class ProgressGroup(click.Group):
    """A click group whose commands named in :data:`COMMAND_STEPS` run under their progress bar (``mptf`` and
    ``mptf trace``)."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        steps = COMMAND_STEPS.get(name or cmd.name or "")
        if steps and cmd.callback is not None:
            cmd.callback = shows_progress(*steps)(cmd.callback)
        super().add_command(cmd, name)

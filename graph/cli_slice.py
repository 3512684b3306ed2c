"""``run``'s slice options (``--ego``, ``--component-of``, ``--top``, ``--institution``):
a slice of a network folder made by ``collabgraph build``, brought back to one machine
(:mod:`graph.slices`)."""

from __future__ import annotations

import functools
from collections.abc import Callable

import click

__all__ = ["slice_options"]


def slice_options(func: Callable) -> Callable:
    """``run``'s options that take a slice of a network folder (``collabgraph build``) back to
    one machine; the slice (a :class:`~graph.config.SliceSpec`) and the network's own view
    and filters go into the command's ``config`` dict, inner to the shared option
    decorators."""

    @click.option(
        "--ego",
        metavar="NAME",
        default=None,
        help="Slice of a network folder: NAME and co-authors up to --hops hops.",
    )
    @click.option(
        "--hops", type=click.IntRange(min=0), default=1, show_default=True, help="With --ego."
    )
    @click.option(
        "--component-of",
        metavar="NAME",
        default=None,
        help="Slice of a network folder: NAME's connected component.",
    )
    @click.option(
        "--top",
        "top",
        type=click.IntRange(min=1),
        default=None,
        help="Slice of a network folder: the top N authors (--top-by).",
    )
    @click.option(
        "--top-by",
        type=click.Choice(["papers", "strength"]),
        default="papers",
        show_default=True,
        help="With --top: papers, or strength (joint papers summed over links).",
    )
    @click.option(
        "--institution",
        metavar="NAME",
        default=None,
        help="Slice of a network folder: the authors of this institution.",
    )
    @functools.wraps(func)
    def wrapper(*args, ego, hops, component_of, top, top_by, institution, **kwargs):
        given = [
            o
            for o, v in (
                ("--ego", ego),
                ("--component-of", component_of),
                ("--top", top),
                ("--institution", institution),
            )
            if v
        ]
        if len(given) > 1:
            raise click.UsageError(f"choose one slice: {' or '.join(given)}")
        config = dict(kwargs.pop("config", {}))
        if given:
            from .config import SliceSpec
            from .slices import slice_config

            spec = SliceSpec(
                ego=ego,
                hops=hops,
                component_of=component_of,
                top=top,
                top_by=top_by,
                institution=institution,
            )
            # the view and filters the network was built with, the year window narrowed
            config = slice_config(spec, config.get("inputs", ()), config)
        return func(*args, config=config, **kwargs)

    return wrapper

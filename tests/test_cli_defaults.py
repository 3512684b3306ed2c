"""Every CLI option takes its default from the library and its choices from a registry, so
the two can never disagree (they did: the CLI retyped eight RunConfig defaults and the
``--to``/``--by`` lists).  An option named like a RunConfig field is checked against it
automatically; any other option must be listed here with the library value it stands for."""

from __future__ import annotations

import inspect
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from graph import names, pipeline
from graph.cli import cli
from graph.config import (
    COMMUNITY_METHODS,
    ENGINES,
    NAME_MIN_SCORE,
    NETWORKS,
    RESOLVE_MODES,
    RunConfig,
    SliceSpec,
)
from graph.export import EXPORTERS, PICTURE_LABELS, export_graph, suffix_formats
from graph.export.picture import draw_network
from graph.fetch.client import DEFAULT_API_URL
from graph.load import READERS
from graph.load._text import format_size, parse_size
from graph.metrics import rank_keys, size_choices
from graph.network_tables import BUILD_RESOLVE_NAMES

DEFAULT = RunConfig()
FIELDS = set(RunConfig.__dataclass_fields__)


def _default(func, name):
    return inspect.signature(func).parameters[name].default


#: option -> (RunConfig field, the field value the option's default stands for)
RENAMED = {
    "no_owner": ("add_owner", lambda v: not v),
    "alter": ("include_owner", lambda v: not v),
    "top": ("top_n", lambda v: v),
    "by": ("rank_by", lambda v: v),
    "max_authors": ("max_authors", lambda v: v or None),  # 0 means "keep all" (None)
    "max_input_size": ("max_input_size", lambda v: v),
}

#: (command, option) -> the library default it must equal, for options that are not fields.
LIBRARY = {
    ("export", "labels"): _default(pipeline.export_network, "labels"),
    ("export", "which"): _default(pipeline.export_network, "graph"),
    ("export", "size_by"): _default(pipeline.export_network, "size_by"),  # None: as the page
    ("names", "min_score"): _default(pipeline.name_report, "min_score"),
    ("run", "api_url"): DEFAULT_API_URL,
    ("build", "resolve_names"): BUILD_RESOLVE_NAMES,  # the Spark build cannot resolve names
    # run's slice of a network folder (graph.config.SliceSpec)
    **{("run", f): getattr(SliceSpec(), f) for f in SliceSpec.__dataclass_fields__},
}

#: (command, option) -> default, for what only the CLI has (where output goes, how it looks).
CLI_ONLY = {
    ("export", "to"): None,  # from the -o suffix
    ("export", "path"): "required",
    ("rank", "out_format"): "table",
    ("info", "as_json"): False,
    ("names", "show_all"): False,
    ("names", "aliases_out"): None,
    ("run", "orcid"): None,
    ("run", "author_id"): None,
    ("run", "mailto"): None,  # or $OPENALEX_MAILTO
    ("ingest", "out"): "required",
    ("build", "out"): "required",
    ("build", "spark"): None,  # pandas; --spark alone is local[*]
    ("build", "partitions"): None,  # Spark's own
    ("build", "memory"): None,  # Spark's own
}

#: option (or (command, option)) -> the registry its choices come from, in order.
CHOICES = {
    "fmt": sorted(READERS),
    "community_method": list(COMMUNITY_METHODS),
    "engine": list(ENGINES),
    "size_by": list(size_choices()),
    "by": sorted(rank_keys()),
    "resolve_names": list(RESOLVE_MODES),
    ("export", "to"): list(EXPORTERS),
    ("export", "which"): list(NETWORKS),
    ("rank", "out_format"): ["table", "csv", "json"],
    ("run", "top_by"): ["papers", "strength"],
}


def _options():
    for name, command in sorted(cli.commands.items()):
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                yield name, param


def _effective_default(command: str, param: click.Option):
    """What the command gets when the option is not given (a flag: False), after click's
    conversion and the option's callback."""
    cmd = cli.commands[command]
    with cmd.make_context(command, [], resilient_parsing=True) as ctx:
        return ctx.params.get(param.name)


def test_the_input_size_limit_is_shown_as_the_library_default():
    param = next(p for p in cli.commands["run"].params if p.name == "max_input_size")
    assert parse_size(param.default) == DEFAULT.max_input_size
    assert param.default == format_size(DEFAULT.max_input_size).replace(" ", "") == "2GiB"


def test_library_defaults_agree_among_themselves():
    assert PICTURE_LABELS == _default(export_graph, "labels") == _default(draw_network, "labels")
    assert _default(pipeline.export_network, "labels") == PICTURE_LABELS
    assert _default(pipeline.export_network, "graph") == NETWORKS[0]
    assert _default(names.name_candidates, "min_score") == NAME_MIN_SCORE
    assert _default(pipeline.name_report, "min_score") == NAME_MIN_SCORE


@pytest.mark.parametrize(
    ("command", "param"), list(_options()), ids=lambda x: getattr(x, "name", x)
)
def test_every_option_default_is_the_library_default(command, param):
    key = (command, param.name)
    default = _effective_default(command, param)
    if key in LIBRARY:  # (command, option) first: run --top is a slice, rank --top a count
        assert default == LIBRARY[key]
    elif param.name in RENAMED:
        field, convert = RENAMED[param.name]
        assert convert(default) == getattr(DEFAULT, field)
    elif CLI_ONLY.get(key) == "required":
        assert param.required
    elif key in CLI_ONLY:
        assert default == CLI_ONLY[key]
    elif param.name in FIELDS:
        assert default == getattr(DEFAULT, param.name)
    else:
        pytest.fail(
            f"{command} --{param.name}: a RunConfig field of that name, or a line in this "
            "test naming the library default it stands for"
        )


@pytest.mark.parametrize(
    ("command", "param"), list(_options()), ids=lambda x: getattr(x, "name", x)
)
def test_every_choice_list_is_the_registry(command, param):
    if not isinstance(param.type, click.Choice):
        return
    expected = CHOICES.get((command, param.name), CHOICES.get(param.name))
    assert expected is not None, f"{command} --{param.name}: name the registry of its choices"
    assert list(param.type.choices) == list(expected)


def test_the_suffix_map_is_the_exporters():
    assert suffix_formats() == {
        ".graphml": "graphml",
        ".gexf": "gexf",
        ".png": "png",
        ".svg": "svg",
    }
    assert all(suffix_formats()[s] == e.name for e in EXPORTERS.values() for s in e.suffixes)


def test_shared_options_arrive_as_run_config_fields(monkeypatch, tmp_path):
    """What each shared decorator hands the library: typed RunConfig fields."""
    seen = {}

    def fake_find_path(config, a, b):
        seen["config"] = config
        return pipeline.PathResult([], "ego", False)

    monkeypatch.setattr(pipeline, "find_path", fake_find_path)
    aliases = tmp_path / "aliases.csv"
    args = ["path", "in.bib", "--format", "bibtex", "--no-owner", "--owner", "X Y"]
    args += ["--capture-date", "2024-02-03", "--aliases", str(aliases), "--strict", "--alter"]
    args += ["--min-weight", "2", "--max-authors", "0", "--from-year", "2000", "A", "B"]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    cfg = seen["config"]
    assert cfg == DEFAULT.replace(
        inputs=(Path("in.bib"),),
        fmt="bibtex",
        owner="X Y",
        add_owner=False,
        capture_date=__import__("datetime").date(2024, 2, 3),
        aliases=aliases,
        strict=True,
        include_owner=False,
        min_weight=2,
        max_authors=None,
        year_from=2000,
    )

"""Every command documents itself: help text with an `Example:` line, listed by `kgraph --help`."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from kgraph.cli import main

COMMANDS = ("build", "query", "stats", "view", "validate", "formats", "explain")


def test_kgraph_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:", 1)[1]
    for name in COMMANDS:
        assert f"  {name} " in listed, name


def test_the_documented_commands_are_all_there_are() -> None:
    assert set(main.commands) >= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name: str) -> None:
    command: click.Command = main.commands[name]
    assert command.help and command.help.strip(), name
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    example = [line.strip() for line in result.output.splitlines() if line.strip().startswith("Example:")]
    assert example and example[0].removeprefix("Example:").strip().startswith("kgraph " + name), name


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_option_says_what_it_does(name: str) -> None:
    for param in main.commands[name].params:
        if isinstance(param, click.Option) and not param.hidden and param.name != "help":
            assert param.help, f"kgraph {name} {param.opts[0]} has no help text"

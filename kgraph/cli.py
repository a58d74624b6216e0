"""The `kgraph` command: each subcommand parses its options and calls one API function.

Library errors (KgraphError) become a one-line message and a non-zero exit; a
traceback is shown only with --debug.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.core import ParameterSource

from kgraph import api
from kgraph.errors import KgraphError
from kgraph.failures import as_kgraph_error, writing_into

#: Exit code of a build that wrote its outputs but skipped some inputs.
EXIT_SKIPPED = 3
#: Exit code of a build whose graph does not conform to ontology/shapes.ttl (a kgraph bug).
EXIT_INVALID = 4


class _Group(click.Group):
    """Turns errors into one line on stderr; --debug keeps the traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KgraphError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"kgraph: error: {exc}", err=True)
            ctx.exit(getattr(exc, "exit_code", 1))
        except Exception as exc:  # a bug: say so in one line, keep the traceback for --debug
            if ctx.obj and ctx.obj.get("debug"):
                raise
            machine = as_kgraph_error(exc)  # a full disk, a read-only folder, no memory: not a bug
            if machine is not None:
                click.echo(f"kgraph: error: {machine}", err=True)
                ctx.exit(machine.exit_code)
            click.echo(f"kgraph: internal error: {type(exc).__name__}: {exc} "
                       "(run with --debug for the traceback, and please report it)", err=True)
            ctx.exit(2)


@click.group(cls=_Group)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="kgraph")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Build a knowledge graph of AI research from paper pages and metadata dumps."""
    ctx.obj = {"debug": debug}


def _registered_extractors(ctx: click.Context, param: click.Parameter, names: tuple[str, ...]) -> tuple[str, ...]:
    from kgraph.plugins import EXTRACTORS

    unknown = [n for n in names if n not in EXTRACTORS]
    if unknown:
        raise click.BadParameter(f"no extractor {unknown[0]!r}; registered: {', '.join(EXTRACTORS.names())}")
    return names


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=str))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=str),
              help="Folder to write graph.ttl, graph.trig, graph.graphml and graph.html into.")
@click.option("--vocab", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=str),
              help="Extra vocabulary file of artifact and organization names (repeatable).")
@click.option("--no-extract", is_flag=True, help="Skip extraction of datasets, models and organizations.")
@click.option("--extractor", "extractors", multiple=True, callback=_registered_extractors, metavar="NAME",
              help="Run this extractor (repeatable; default: the built-ins, artifacts and organizations; "
                   "plugins register theirs in the kgraph.extractors entry point group).")
@click.option("--max-nodes", default=500, show_default=True, type=click.IntRange(min=1),
              help="Most nodes drawn in graph.html.")
@click.option("--update", is_flag=True,
              help="Add INPUTs to the graph already in --out: unchanged documents are skipped by "
                   "content hash, a changed one replaces its own facts, a file gone from a folder given "
                   "again is dropped; the result equals a full build.")
@click.option("--remove", "remove", multiple=True, type=click.Path(path_type=str),
              help="With --update: drop the document at this path (or every one under this folder) "
                   "from the graph (repeatable).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where reading and extraction run: local worker processes (for large dumps) or a Dask cluster.")
@click.option("--jobs", type=int, default=None, help="Local worker processes (default: one per core).")
@click.option("--scheduler", help="Address of a Dask scheduler (with --engine dask); default: a local 2-worker cluster.")
@click.option("--no-validate", is_flag=True, help="Do not check the written graph against the SHACL shapes.")
@click.option("--store", is_flag=True,
              help="Also make the SPARQL store now (otherwise the first `kgraph query` makes it).")
@click.option("--timings", is_flag=True, help="Print the seconds each build phase took on stderr.")
@click.pass_context
def build(ctx: click.Context, inputs: tuple[str, ...], out: str, vocab: tuple[str, ...],
          no_extract: bool, extractors: tuple[str, ...], max_nodes: int, update: bool, remove: tuple[str, ...],
          engine: str, jobs: int | None, scheduler: str | None, no_validate: bool, store: bool, timings: bool) -> None:
    """Read INPUT files and folders (formats are sniffed) and write the graph to --out.

    Exit status: 0 when every input was used, 3 when some were skipped (each is
    named on stderr with the reason), 4 when the written graph breaks the SHACL
    shapes, 1 when nothing usable was found, 5 when --update finds the cache in
    --out/.kgraph corrupt (rebuild without --update).

    Example: kgraph build examples/pages --out out/

    Example: kgraph build --update --out out/ --remove examples/pages/old.html
    """
    if not inputs and not remove:
        raise click.UsageError("give INPUT files or folders (or, with --update, --remove PATH)")
    with writing_into(out, debug=ctx.obj["debug"]):
        report = api.build(inputs, out, vocab=vocab, extract=not no_extract, extractors=extractors,
                           max_nodes=max_nodes, update=update, remove=remove, engine=engine, jobs=jobs,
                           scheduler=scheduler, validate=not no_validate, store=store, debug=ctx.obj["debug"])
    for line in report.lines():
        stream_err = line.startswith(("warning:", "skipped:", "ignored "))
        click.echo(line, err=stream_err)
    if timings:
        for line in report.timing_lines():
            click.echo(line, err=True)
    if not report.outputs:
        click.echo("kgraph: error: no usable input: nothing was built from " + ", ".join(inputs), err=True)
        ctx.exit(1)
    if report.conforms is False:
        ctx.exit(EXIT_INVALID)
    if report.skipped:
        ctx.exit(EXIT_SKIPPED)


@main.command()
def formats() -> None:
    """List the input layouts and formats kgraph recognizes.

    Example: kgraph formats
    """
    for name, description in api.formats():
        click.echo(f"{name:20s} {description}")
    click.echo("any of these compressed (gzip, bz2, xz; zip: every member), known by the first bytes")


@main.command()
@click.argument("target", type=click.Path(exists=True, path_type=str))
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file",
              type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=str),
              help="Read the query from a .rq file ('-' for stdin).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="table for people; csv and json are SPARQL 1.1 query results (CONSTRUCT: Turtle, "
                   "s/p/o rows, JSON-LD).")
@click.option("--timeout", default=60.0, show_default=True, help="Seconds to wait before giving up (0 = no limit).")
@click.option("--max-rows", default=10000, show_default=True, help="Most rows printed (0 = all).")
@click.option("--allow-service", is_flag=True,
              help="Let SERVICE clauses send requests to other endpoints (refused by default: kgraph runs offline).")
def query(target: str, sparql: str | None, query_file: str | None, fmt: str, timeout: float,
          max_rows: int, allow_service: bool) -> None:
    """Run a SPARQL query against a built graph (DIR or a .ttl/.nt/.nq/.trig file).

    The kg:, dcterms:, foaf:, prov:, skos:, rdfs:, xsd:, rdf:, owl: prefixes are
    predeclared (a query may redeclare them). The default graph is the whole
    graph; GRAPH ?doc { ... } reaches the triples each source document gave.

    Example: kgraph query out/ 'SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Paper }'
    """
    if sparql is None and query_file is None:
        raise click.UsageError("no query given: pass SPARQL as the argument after TARGET, or -f FILE ('-f -' for stdin)")
    if sparql is not None and query_file is not None:
        raise click.UsageError("give the query either as an argument or with -f FILE, not both")
    if query_file == "-":
        text = sys.stdin.read()
    else:
        text = Path(query_file).read_text(encoding="utf-8-sig") if query_file else sparql
    result = api.query(target, text, timeout=timeout or None, max_rows=max_rows or None,
                       allow_service=allow_service)
    click.echo(result.render(fmt), nl=False)
    if result.truncated:
        click.echo(f"kgraph: showing the first {max_rows} rows only: add LIMIT/OFFSET to the query to page "
                   "through the answer, or --max-rows 0 for all of it", err=True)


@main.command()
@click.argument("target", type=click.Path(exists=True, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1),
              help="How many top entities to list.")
def stats(target: str, as_json: bool, top: int) -> None:
    """Counts by type and relation, top entities (by degree, PageRank and per type:
    most prolific authors, most used artifacts...), connected components,
    communities and dependency cycles. Provenance is left out.

    Example: kgraph stats out/
    """
    result = api.stats(target, top=top)
    click.echo(result.to_json() if as_json else result.text())


@main.command()
@click.argument("target", type=click.Path(exists=True, path_type=str))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=str),
              help="The HTML file to write.")
@click.option("--focus", help="Center the page on the node with this label (or IRI).")
@click.option("--hops", default=2, show_default=True, type=click.IntRange(min=0),
              help="Neighbourhood size around --focus (needs --focus).")
@click.option("--max-nodes", default=500, show_default=True, type=click.IntRange(min=1),
              help="Most nodes drawn; the most connected are kept.")
@click.option("--types", multiple=True, help="Keep only nodes of these types (repeatable, e.g. --types Paper).")
@click.pass_context
def view(ctx: click.Context, target: str, out: str, focus: str | None, hops: int, max_nodes: int,
         types: tuple[str, ...]) -> None:
    """Write a self-contained interactive HTML page of a built graph.

    Example: kgraph view out/ --out page.html --focus "Percy Liang" --hops 1
    """
    if focus is None and ctx.get_parameter_source("hops") is not ParameterSource.DEFAULT:
        raise click.UsageError("--hops sets the neighbourhood around --focus: give --focus LABEL too")
    summary = api.view(target, out, focus=focus, hops=hops, max_nodes=max_nodes, types=types or None)
    click.echo(f"wrote {summary.path}: {summary.nodes_shown} of {summary.nodes_total} nodes, "
               f"{summary.edges_shown} edges")


@main.command()
@click.argument("target", type=click.Path(exists=True, path_type=str))
@click.argument("node")
def explain(target: str, node: str) -> None:
    """Show one node (by label or IRI): its spellings, the merges that made it, and the
    documents (and text spans, for extracted facts) each of its facts came from.

    TARGET is a build folder or a file in one (DIR/graph.ttl: that build is explained);
    any other RDF file is explained from the file alone, without merges. Exit status:
    0 found, 1 no node (or several) has that label (closest labels suggested), 5 when
    DIR/.kgraph is corrupt.

    Example: kgraph explain out/ "Generative Agents: Interactive Simulacra of Human Behavior"
    """
    click.echo(api.explain(target, node).text())


@main.command()
@click.argument("target", type=click.Path(exists=True, path_type=str))
def validate(target: str) -> None:
    """Check a built graph against the SHACL shapes in ontology/shapes.ttl.

    Example: kgraph validate out/
    """
    result = api.validate(target)
    click.echo(result.text())
    if not result.conforms:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()

"""The command line: wiring only. Each command parses its options, asks the API, and hands the
result to a writer (``render/writers``). Every command imports its work lazily."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from landrestore.model.errors import ExitCode, UserError

from .options import DataOpt, LangOpt, NoColorOpt, OutputOpt, SiteOpt, TopOpt, site_flags

app = typer.Typer(
    name="landrestore",
    help="Which practices can bring degraded land back, what they cost, and what to watch.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    no_args_is_help=True,
)
practices_app = typer.Typer(help="List or show the practices of the catalogue.", rich_markup_mode=None, no_args_is_help=True)
biomes_app = typer.Typer(help="List or show the biomes of the catalogue.", rich_markup_mode=None, no_args_is_help=True)
policies_app = typer.Typer(
    help="List or show the policy instruments of the catalogue.", rich_markup_mode=None, no_args_is_help=True
)
site_app = typer.Typer(help="Work with site files.", rich_markup_mode=None, no_args_is_help=True)
catalog_app = typer.Typer(help="Facts about the catalogue in use.", rich_markup_mode=None, no_args_is_help=True)
export_app = typer.Typer(
    help="Tables to hand on: the PRAIS table of implemented actions, a monitoring plan.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(practices_app, name="practices")
app.add_typer(biomes_app, name="biomes")
app.add_typer(policies_app, name="policies")
app.add_typer(site_app, name="site")
app.add_typer(catalog_app, name="catalog")
app.add_typer(export_app, name="export")


def _version_callback(value: bool) -> None:
    if value:
        from landrestore import __version__

        sys.stdout.write(f"landrestore {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", callback=_version_callback, is_eager=True)
    ] = False,
) -> None:
    """Which practices can bring degraded land back, what they cost, and what to watch."""


# --- wiring helpers ---------------------------------------------------------------------------


def _lang(lang: str | None) -> str:
    from landrestore.render.i18n import detect_language

    return detect_language(lang)


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        from landrestore.model.errors import InputError
        from landrestore.model.vocab import closest

        raise InputError(name, value, f"--{name} must be one of {', '.join(allowed)}, got '{value}'", closest(value, allowed))
    return value


def _load(data: Path | None) -> Any:
    from landrestore.io.output import protect
    from landrestore.knowledge.catalog import load_catalog

    cat = load_catalog(data)
    protect(f for layer in cat.layers for f in _layer_files(layer))
    return cat


def _layer_files(layer: str) -> list[Path]:
    from landrestore.knowledge.layers import layer_files

    return layer_files(Path(layer))


def _site(site_file: Path | None, flags: dict[str, Any]) -> dict[str, Any]:
    """The site mapping from a file (if any) with the flags laid over it."""
    from landrestore.io.output import protect

    site: dict[str, Any] = {}
    if site_file:
        from landrestore.io.sitefile import read_site_file

        protect([site_file])
        site = dict(read_site_file(site_file))
    site.update(flags)
    return site


def _guided(site: dict[str, Any], catalog: Any, language: str) -> dict[str, Any]:
    """Ask for missing required facts when a person is at the terminal; otherwise leave it to the checks."""
    if not (sys.stdin.isatty() and os.environ.get("LANDRESTORE_NO_PROMPT") != "1"):
        return site  # a script: nothing to ask (and the questions' module is never imported)
    from .guided import Asker, ask_missing, needs_questions

    if needs_questions(site):
        from landrestore.render.i18n import Translator

        try:
            return ask_missing(site, catalog, Asker(Translator(language, catalog)))
        except EOFError:
            raise UserError("input ended before the required facts were given") from None
    return site


def _color(no_color: bool) -> bool:
    return not no_color and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def emit(doc: Any, fmt: str, output: Path | None, catalog: Any = None, lang: str = "en", **ctx: Any) -> None:
    """Hand a document to the writer of its format, then to stdout or a file."""
    from landrestore import __version__
    from landrestore.io.output import write_text
    from landrestore.render import writers

    to_stdout = output is None or str(output) == "-"
    context = writers.Context(catalog=catalog, lang=lang, tool_version=__version__, **ctx)
    writer = writers.get(fmt)
    if getattr(writer, "binary", False) and to_stdout and sys.stdout.isatty():
        raise UserError(f"{fmt} is a binary file and would garble the terminal; give -o FILE.{fmt}")
    if fmt == "table" and to_stdout and sys.stdout.isatty():
        import shutil

        context.width = shutil.get_terminal_size((100, 24)).columns
        writer.print(doc, context)
        return
    write_text(writer.render(doc, context), output)


# --- commands ---------------------------------------------------------------------------------

RECOMMEND_FORMATS = ("table", "json", "yaml", "csv", "markdown")


@app.command()
@site_flags
def recommend(
    site: SiteOpt = None,
    top: TopOpt = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show every factor, score component, rule and exclusion.")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, yaml, csv or markdown.")] = "table",
    output: OutputOpt = None,
    lang: LangOpt = None,
    no_color: NoColorOpt = False,
    data: DataOpt = None,
    flags: Any = None,
) -> None:
    """Rank the practices that fit a site, with their suitability, costs, reasons, monitoring and policy options.

    On a terminal, missing required facts are asked for; elsewhere they are an error.
    """
    from landrestore.api import recommend_data

    _choice("format", fmt, RECOMMEND_FORMATS)
    language = _lang(lang)
    catalog = _load(data)
    result = recommend_data(_guided(_site(site, flags), catalog, language), catalog, top=top, lang=language)
    emit(result, fmt, output, catalog, language, explain=explain, color=_color(no_color))


@app.command("explain")
@site_flags
def explain_cmd(
    practice_id: Annotated[str, typer.Argument(help="The practice id, e.g. zai_pits.")],
    site: SiteOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table (text) or json.")] = "table",
    lang: LangOpt = None,
    data: DataOpt = None,
    flags: Any = None,
) -> None:
    """Explain one practice on a site: every suitability factor, score criterion and rule, or why it was excluded."""
    from landrestore.api import explain as explain_api

    fmt = "table" if fmt == "text" else fmt
    _choice("format", fmt, ("table", "json"))
    language = _lang(lang)
    catalog = _load(data)
    res = explain_api(practice_id, _site(site, flags), catalog, lang=language)
    emit(res, fmt, None, catalog, language, kind="explanation")


@app.command()
@site_flags
def report(
    output: Annotated[Path, typer.Option("--output", "-o", help="report.html (one self-contained page) or report.md.")],
    site: SiteOpt = None,
    top: Annotated[Optional[int], typer.Option("--top", "-n", min=1, help="Options in the report (default 8).")] = 8,
    with_plan: Annotated[
        bool, typer.Option("--plan", help="Add the plan for the budget (zones, frontier, uncertainty); on with zones.")
    ] = False,
    lang: LangOpt = None,
    data: DataOpt = None,
    flags: Any = None,
) -> None:
    """Write a report to share: site, ranked options, charts, benefits, monitoring, policies, sources."""
    from landrestore.api import plan as plan_api
    from landrestore.api import recommend_data
    from landrestore.render import writers

    fmt = writers.from_path(str(output))
    if fmt not in ("html", "markdown"):
        from landrestore.model.errors import InputError

        raise InputError("output", str(output), f"the report must be a .html or .md file, got '{output.name}'")
    language = _lang(lang)
    catalog = _load(data)
    described = _guided(_site(site, flags), catalog, language)
    result = recommend_data(described, catalog, top=top, lang=language)
    if with_plan or described.get("zones"):
        result["plan"] = plan_api(described, catalog=catalog, lang=language)
    emit(result, fmt, output, catalog, language)
    sys.stderr.write(f"wrote {output}\n")


PLAN_FORMATS = ("table", "json", "yaml", "markdown")


@app.command()
@site_flags
def plan(
    site: SiteOpt = None,
    include: Annotated[
        Optional[list[str]], typer.Option("--include", help="A practice the plan must use (repeat for several).")
    ] = None,
    exclude: Annotated[
        Optional[list[str]], typer.Option("--exclude", help="A practice the plan must not use (repeatable).")
    ] = None,
    min_share: Annotated[
        float, typer.Option("--min-share", min=0, max=1, help="Share of every zone the plan must cover (0-1).")
    ] = 0.0,
    min_patch: Annotated[
        float, typer.Option("--min-patch", min=0, max=1, help="Least share of a zone a chosen practice covers (default 0.05).")
    ] = 0.05,
    max_practices: Annotated[int, typer.Option("--max-practices", min=1, help="Practices per zone at most.")] = 4,
    area_step: Annotated[
        Optional[float], typer.Option("--area-step", min=0.001, help="Plan in whole steps of this many ha (e.g. 1).")
    ] = None,
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.1, help="Seconds the solver may take.")] = 10.0,
    draws: Annotated[int, typer.Option("--draws", min=100, max=1_000_000, help="Monte Carlo draws.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the draws (the same seed, the same output).")] = 0,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, yaml or markdown.")] = "table",
    output: OutputOpt = None,
    lang: LangOpt = None,
    no_color: NoColorOpt = False,
    data: DataOpt = None,
    flags: Any = None,
) -> None:
    """The best mix of practices per zone for the budget, what more money buys, and how sure the cost is.

    Zones come from the site file (`zones:`, each with an id, its area_ha and the facts that
    differ); without zones the whole site is one zone. Needs the area and a budget.
    """
    from landrestore.api import plan as plan_api

    _choice("format", fmt, PLAN_FORMATS)
    language = _lang(lang)
    catalog = _load(data)
    doc = plan_api(
        _guided(_site(site, flags), catalog, language),
        catalog=catalog,
        lang=language,
        include=tuple(include or ()),
        exclude=tuple(exclude or ()),
        min_share=min_share,
        min_patch_share=min_patch,
        max_practices=max_practices,
        area_step=area_step,
        time_limit=time_limit,
        draws=draws,
        seed=seed,
    )
    emit(doc, fmt, output, catalog, language, kind="plan", color=_color(no_color))


EXPORT_FORMATS = ("csv", "xlsx")
#: The format of an export table.
TableFormatOpt = Annotated[Optional[str], typer.Option("--format", "-f", help="csv or xlsx (default: from -o, else csv).")]


def _export_format(output: Path | None, fmt: str | None) -> str:
    from landrestore.render import writers

    chosen = fmt or (writers.from_path(str(output)) if output else None) or "csv"
    return _choice("format", chosen, EXPORT_FORMATS)


@export_app.command("prais")
@site_flags
def export_prais(
    site: SiteOpt = None,
    from_batch: Annotated[
        Optional[Path], typer.Option("--from", help="A batch result (CSV): one row per site, from its first option.")
    ] = None,
    with_plan: Annotated[bool, typer.Option("--plan", help="The rows of the plan for the budget (zones and areas).")] = False,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="Options of a recommendation to list (default 3).")] = 3,
    start_date: Annotated[str, typer.Option("--start-date", help="Start date to fill in, e.g. 2027-01-01.")] = "",
    funding: Annotated[str, typer.Option("--funding-source", help="Funding source to fill in.")] = "",
    fmt: TableFormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
    data: DataOpt = None,
    flags: Any = None,
) -> None:
    """The PRAIS table of implemented actions (SO1): description, location, start date, area (km2), funding source.

    From a site (its best options, or with --plan the plan's practices per zone) or from a batch
    result (--from results.csv).
    """
    from landrestore.batch.readers import read_result_csv
    from landrestore.render.export import prais_from_batch, prais_from_plan, prais_from_recommendation
    from landrestore.render.i18n import Translator

    chosen = _export_format(output, fmt)
    language = _lang(lang)
    catalog = _load(data)
    tr = Translator(language, catalog)
    if from_batch is not None:
        doc = prais_from_batch(read_result_csv(from_batch), tr, start_date, funding)
    else:
        from landrestore.api import plan as plan_api
        from landrestore.api import recommend_data

        described = _guided(_site(site, flags), catalog, language)
        if with_plan or described.get("zones"):
            doc = prais_from_plan(plan_api(described, catalog=catalog, lang=language), tr, start_date, funding)
        else:
            doc = prais_from_recommendation(recommend_data(described, catalog, lang=language), tr, top, start_date, funding)
    emit(doc, chosen, output, catalog, language, kind="table")


@export_app.command("mrv")
@site_flags
def export_mrv(
    site: SiteOpt = None,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="Options to plan monitoring for (default 3).")] = 3,
    fmt: TableFormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
    data: DataOpt = None,
    flags: Any = None,
) -> None:
    """A monitoring plan for the best options: indicator, method, baseline to measure, frequency, SDG 15.3.1 sub-indicator."""
    from landrestore.api import recommend_data
    from landrestore.render.export import mrv_table
    from landrestore.render.i18n import Translator

    chosen = _export_format(output, fmt)
    language = _lang(lang)
    catalog = _load(data)
    result = recommend_data(_guided(_site(site, flags), catalog, language), catalog, lang=language)
    emit(mrv_table(result, Translator(language, catalog), top), chosen, output, catalog, language, kind="table")


@site_app.command("new")
def site_new(
    file: Annotated[Path, typer.Argument(help="Where to write the template, e.g. my-site.yaml.")],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    lang: LangOpt = None,
) -> None:
    """Write a commented site template to fill in."""
    from landrestore.io.output import write_text

    from .guided import site_template

    if file.exists() and not force:
        raise UserError(f"{file} exists; choose another name or add --force to replace it")
    write_text(site_template(_lang(lang)), file)
    sys.stderr.write(f"wrote {file}; fill it in, then run: landrestore recommend --site {file}\n")


@app.command()
def batch(
    input_file: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT", help="Sites: CSV, Parquet/GeoParquet, JSON Lines, YAML/JSON list or GeoJSON FeatureCollection."
        ),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", help="CSV, Parquet, JSON Lines or GeoJSON file; '-' for stdout (CSV).")
    ],
    top: Annotated[Optional[int], typer.Option("--top", "-n", min=1, help="Options per site (default 3).")] = 3,
    errors: Annotated[
        Optional[Path], typer.Option("--errors", help="Where to list bad rows (default: OUTPUT.errors.csv).")
    ] = None,
    jobs: Annotated[
        Optional[int],
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes (default 1; with --engine dask, the local cluster's, default one per core).",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad row.")] = False,
    input_format: Annotated[
        Optional[str],
        typer.Option("--input-format", help="csv, parquet, jsonl, yaml, json or geojson (default: from the extension)."),
    ] = None,
    output_format: Annotated[
        Optional[str], typer.Option("--output-format", help="csv, parquet, jsonl or geojson (default: from the extension).")
    ] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted run into the same output.")] = False,
    engine: Annotated[
        str,
        typer.Option(
            "--engine", help="local (this machine's processes) or dask (a Dask cluster; pip install 'landrestore[dask]')."
        ),
    ] = "local",
    scheduler: Annotated[
        Optional[str],
        typer.Option(
            "--scheduler", help="With --engine dask: the cluster's scheduler, e.g. tcp://HOST:8786 (default: a local cluster)."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
    data: DataOpt = None,
) -> None:
    """Assess many sites: every good row gets its options, every bad row an entry in the errors file."""
    from landrestore.batch import run as batch_run

    from .progress import progress_bar

    progress, stop = progress_bar(not quiet and sys.stderr.isatty())
    try:
        summary = batch_run.run(
            str(input_file),
            output,
            top=top,
            errors_path=str(errors) if errors else None,
            jobs=jobs,
            strict=strict,
            input_format=input_format,
            output_format=output_format,
            resume=resume,
            data_dir=str(data) if data else None,
            progress=progress,
            engine=engine,
            scheduler=scheduler,
        )
    except KeyboardInterrupt as exc:
        stop()
        message = getattr(exc, "landrestore_message", None) or batch_run.interrupted_message(output)
        sys.stderr.write(f"error: {message}\n")
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    finally:
        stop()
    for note in summary.notes:
        sys.stderr.write(f"note: {note}\n")
    if not quiet:
        sys.stderr.write(batch_run.format_summary(summary))
    if summary.sites_failed:
        raise typer.Exit(ExitCode.FINDINGS)


@app.command()
def validate(
    paths: Annotated[
        Optional[list[Path]], typer.Argument(help="Catalogue folders or files; default: the catalogue in use.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json or github.")] = "text",
    stats: Annotated[bool, typer.Option("--stats", help="Also print the catalogue's facts (as `catalog stats`).")] = False,
    data: DataOpt = None,
) -> None:
    """Check catalogue files: every finding as FILE:LINE:COL; exit 1 if any error."""
    from landrestore.knowledge.validate import validate_report
    from landrestore.render.diagnostics import render_diagnostics

    _choice("format", fmt, ("text", "json", "github"))
    diags, coverage = validate_report(paths or None, data_dir=data)
    text = render_diagnostics(diags, fmt, coverage)
    sys.stdout.write(text)
    errors = [d for d in diags if d.severity == "error"]
    if fmt == "text":
        warnings = len(diags) - len(errors)
        tail = f" ({warnings} warning(s))" if warnings else ""
        for lang, row in (coverage or {}).items():
            sys.stderr.write(f"translations {lang}: " + "; ".join(f"{k} {v}" for k, v in row.items()) + "\n")
        sys.stderr.write(f"{len(errors)} error(s){tail}\n" if errors else f"catalogue is valid{tail}\n")
    if stats and not errors:
        catalog_stats(fmt="table" if fmt == "text" else "json", data=data)
    if errors:
        raise typer.Exit(ExitCode.FINDINGS)


@catalog_app.command("stats")
def catalog_stats(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    data: DataOpt = None,
) -> None:
    """Counts that tell how well the catalogue is sourced: source kinds, cost observations, case studies."""
    from landrestore.knowledge.stats import catalog_stats as compute

    _choice("format", fmt, ("table", "json"))
    stats = compute(_load(data))
    if fmt == "json":
        emit(stats, "json", None)
        return
    from landrestore.render.diagnostics import render_stats

    sys.stdout.write(render_stats(stats))


@catalog_app.command("derive")
def catalog_derive(
    practice_ids: Annotated[Optional[list[str]], typer.Argument(help="Practices (default: all).")] = None,
    data: DataOpt = None,
) -> None:
    """Derive each cost item's per-ha triple and labour share from its observations, and show where
    the stored figures drift from them (exit 1 if any)."""
    from landrestore.knowledge.costs import derive, drifts

    cat = _load_unchecked(data)
    drift = False
    for pid in practice_ids or sorted(cat.practices):
        p = cat.practice(pid)
        c = p["costs"]
        for key in ("establishment", "maintenance", "opportunity"):
            item = c.get(key)
            if not item:
                continue
            d = derive(item, c.get("default_labour_share", 0.5), cat)
            problems = drifts(item, d)
            drift |= bool(problems)
            t = d["per_ha"]
            mark = "  DRIFT: " + "; ".join(problems) if problems else ""
            sys.stdout.write(
                f"{p['id']}.{key}: per_ha {{low: {t['low']:g}, typical: {t['typical']:g}, high: {t['high']:g}}} labour_share {d['labour_share']:g}{mark}\n"
            )
    if drift:
        raise typer.Exit(ExitCode.FINDINGS)


def _load_unchecked(data: Path | None) -> Any:
    """The catalogue for `catalog derive`: loaded even when only its derived cost figures drift."""
    try:
        return _load(data)
    except UserError:
        from landrestore.knowledge.catalog import load_catalog

        return load_catalog(data, use_cache=False, allow_drift=True)


@app.command()
def schema(
    name: Annotated[
        str, typer.Argument(help="practices, biomes, policies, rules, requirements, site, regions, vocabularies or deflators.")
    ],
) -> None:
    """Print the JSON Schema of a file kind (for editors and other tools)."""
    from landrestore.model.schema import SCHEMAS, json_schema

    _choice("name", name, tuple(SCHEMAS))
    emit(json_schema(name), "json", None)


@app.command()
def vocab(
    name: Annotated[Optional[str], typer.Argument(help="biome, aridity, region, land_use, degradation, severity, ...")] = None,
) -> None:
    """List the allowed ids of a vocabulary (or the vocabularies)."""
    from landrestore.model import vocab as v

    if name is None:
        for k, ids in v.VOCABULARIES.items():
            sys.stdout.write(f"{k}: {', '.join(ids)}\n")
        return
    key = _choice("vocabulary", name, tuple(v.VOCABULARIES))
    sys.stdout.write("\n".join(v.VOCABULARIES[key]) + "\n")


LIST_COLUMNS = {
    "practices": [
        ("id", "id"),
        ("name", "name"),
        ("intervention", "intervention"),
        ("ldn_response", "LDN"),
        ("cost", "est. US$/ha"),
        ("year", "year"),
    ],
    "biomes": [
        ("id", "id"),
        ("name", "name"),
        ("aridity", "aridity"),
        ("cost", "restoration US$/ha"),
        ("recovery", "recovery yrs"),
    ],
    "policies": [("id", "id"), ("name", "name"), ("summary", "what it does")],
}


def _list(kind: str, fmt: str, data: Path | None, lang: str | None) -> None:
    from landrestore.render.i18n import Translator

    _choice("format", fmt, ("table", "json"))
    cat = _load(data)
    items = list(getattr(cat, kind).values())
    if fmt == "json":
        emit(items, "json", None)
        return
    tr = Translator(_lang(lang), cat)
    rows = []
    for it in items:
        row = {"id": it["id"], "name": tr.name(it), "summary": tr.summary(it)}
        if kind == "practices":
            row.update(
                intervention=tr.term("intervention", it["intervention"]),
                ldn_response=tr.term("ldn_response", it["ldn_response"]),
                cost=tr.number(it["costs"]["establishment_per_ha"]["typical"]),
                year=it["costs"]["year"],
            )
        elif kind == "biomes":
            cost = (it["restoration"].get("cost_per_ha") or {}).get("typical")
            row.update(
                aridity=tr.terms("aridity", it["aridity"]),
                cost=tr.number(cost),
                recovery=tr.number(it["recovery_years"]["typical"]),
            )
        rows.append(row)
    doc = {"items": rows, "columns": LIST_COLUMNS[kind], "title": f"{len(items)} {kind}"}
    emit(doc, "table", None, cat, tr.lang, kind="list", color=_color(False))


def _show(kind: str, ident: str, fmt: str, data: Path | None) -> None:
    from landrestore.model.errors import InputError
    from landrestore.model.vocab import closest

    _choice("format", fmt, ("json", "yaml"))
    cat = _load(data)
    items = getattr(cat, kind)
    if kind == "practices":
        item = cat.practice(ident)
    elif ident in items:
        item = items[ident]
    else:
        singular = {"biomes": "biome", "policies": "policy"}[kind]
        raise InputError(
            kind, ident, f"unknown {singular} '{ident}' (see `landrestore {kind} list`)", closest(ident, tuple(items))
        )
    emit(item, fmt, None)


ListFormat = Annotated[str, typer.Option("--format", "-f", help="table or json.")]
ShowFormat = Annotated[str, typer.Option("--format", "-f", help="yaml or json.")]


@practices_app.command("list")
def practices_list(fmt: ListFormat = "table", lang: LangOpt = None, data: DataOpt = None) -> None:
    """List the practices."""
    _list("practices", fmt, data, lang)


@practices_app.command("show")
def practices_show(practice_id: str, fmt: ShowFormat = "yaml", data: DataOpt = None) -> None:
    """Show one practice in full, with the reasoning behind each figure."""
    _show("practices", practice_id, fmt, data)


@biomes_app.command("list")
def biomes_list(fmt: ListFormat = "table", lang: LangOpt = None, data: DataOpt = None) -> None:
    """List the biomes."""
    _list("biomes", fmt, data, lang)


@biomes_app.command("show")
def biomes_show(biome_id: str, fmt: ShowFormat = "yaml", data: DataOpt = None) -> None:
    """Show one biome in full."""
    _show("biomes", biome_id, fmt, data)


@policies_app.command("list")
def policies_list(fmt: ListFormat = "table", lang: LangOpt = None, data: DataOpt = None) -> None:
    """List the policy instruments."""
    _list("policies", fmt, data, lang)


@policies_app.command("show")
def policies_show(policy_id: str, fmt: ShowFormat = "yaml", data: DataOpt = None) -> None:
    """Show one policy instrument in full."""
    _show("policies", policy_id, fmt, data)


@app.command()
def version(data: DataOpt = None) -> None:
    """Print the tool and catalogue versions."""
    from landrestore import __version__

    sys.stdout.write(f"landrestore {__version__}\n")
    try:
        cat = _load(data)
        sys.stdout.write(f"catalogue {cat.manifest.get('name', '')} {cat.version} ({len(cat.practices)} practices)\n")
    except UserError as exc:
        sys.stdout.write(f"catalogue: not usable ({exc})\n")


def main() -> None:
    """Entry point: user and environment errors become one line and exit 2; bugs exit 3 with a hint."""
    debug = os.environ.get("LANDRESTORE_DEBUG") == "1"
    try:
        app()  # standalone: usage errors print and exit 2, --help exits 0
    except UserError as exc:
        sys.stderr.write(f"error: {exc}\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        sys.exit(ExitCode.INTERRUPTED)
    except OSError as exc:
        from landrestore.io.output import os_error

        sys.stderr.write(f"error: {os_error(exc, exc.filename or 'a file', 'use')}\n")
        sys.exit(ExitCode.USAGE)
    except Exception as exc:  # noqa: BLE001
        if debug:
            raise
        sys.stderr.write(
            f"error: internal error: {type(exc).__name__}: {exc}. This is a bug; please report it (set LANDRESTORE_DEBUG=1 for the traceback).\n"
        )
        sys.exit(ExitCode.INTERNAL)

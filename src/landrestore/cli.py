"""The command line: a thin shell over the Python API. Every command imports its work lazily."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import ExitCode, UserError

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
app.add_typer(practices_app, name="practices")
app.add_typer(biomes_app, name="biomes")
app.add_typer(policies_app, name="policies")

DataOpt = Annotated[
    Optional[Path], typer.Option("--data", help="A user catalogue folder laid over the shipped one (env LANDRESTORE_DATA).")
]
LangOpt = Annotated[Optional[str], typer.Option("--lang", help="en, zh, fr, es, ar or ru (default: from the locale, else en).")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="Plain text without colours (also: the NO_COLOR variable).")]
ListFormat = Annotated[str, typer.Option("--format", "-f", help="table or json.")]
OUTPUT_FORMATS = ("table", "json", "yaml", "csv", "markdown")


_NO_COLOR = False


def _stdout_console():
    from rich.console import Console

    plain = _NO_COLOR or bool(os.environ.get("NO_COLOR"))
    # --no-color and NO_COLOR (https://no-color.org): no escape sequences at all.
    return Console(color_system=None if plain else "auto", no_color=plain or None, highlight=False)


def _lang(lang: str | None) -> str:
    from .i18n import detect_language

    return detect_language(lang)


def _err(msg: str) -> None:
    sys.stderr.write(f"error: {msg}\n")


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        from .errors import InputError
        from .vocab import closest

        raise InputError(name, value, f"--{name} must be one of {', '.join(allowed)}, got '{value}'", closest(value, allowed))
    return value


_INPUTS: set[Path] = set()


def write_output(text: str, output: Path | None) -> None:
    """Write to stdout, or to a file whole or not at all (temporary file, then rename).

    An input file of this run is never overwritten.
    """
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    import tempfile

    target = output.resolve()
    if target in _INPUTS:
        raise UserError(f"the output {output} would overwrite an input file of this run; choose another name")
    if not target.parent.is_dir():
        raise UserError(f"cannot write {output}: folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _load(data: Path | None):
    from .catalog import load_catalog

    return load_catalog(data)


def _site_from(site_file: Path | None, flags: dict[str, object]) -> dict[str, object]:
    from .api import read_site_file

    if site_file:
        _INPUTS.add(Path(site_file).resolve())
    site: dict[str, object] = dict(read_site_file(site_file)) if site_file else {}
    for key, value in flags.items():
        if value is None or value == [] or value == ():
            continue
        site[key] = value
    return site


def _flags(args: dict[str, object]) -> dict[str, object]:
    """Site fields from a command's flags (its ``locals()``): list and priority flags parsed."""
    get = args.get
    biome, country, region, aridity, rainfall, slope = (
        get("biome"),
        get("country"),
        get("region"),
        get("aridity"),
        get("rainfall"),
        get("slope"),
    )
    land_use, degradation, severity, area, budget = (
        get("land_use"),
        get("degradation"),
        get("severity"),
        get("area"),
        get("budget"),
    )
    horizon, discount_rate, priority, name = get("horizon"), get("discount_rate"), get("priority"), get("name")
    degr: list[str] = []
    for d in degradation or []:
        degr += [x.strip() for x in d.split(",") if x.strip()]
    prio = None
    if priority:
        prio = {}
        for item in priority:
            if "=" not in item:
                from .errors import InputError

                raise InputError("priority", item, f"--priority must be NAME=WEIGHT (e.g. carbon=2), got '{item}'")
            k, v = item.split("=", 1)
            prio[k.strip()] = v.strip()
    return {
        "name": name,
        "biome": biome,
        "country": country,
        "region": region,
        "aridity": aridity,
        "rainfall_mm": rainfall,
        "slope_pct": slope,
        "land_use": land_use,
        "degradation": degr or None,
        "severity": severity,
        "area_ha": area,
        "budget_usd": budget,
        "horizon_years": horizon,
        "discount_rate": discount_rate,
        "priorities": prio,
    }


SiteOpt = Annotated[Optional[Path], typer.Option("--site", "-s", help="Site file (YAML or JSON). Flags override its fields.")]
BiomeOpt = Annotated[Optional[str], typer.Option("--biome", help="WWF biome id (see `landrestore biomes list`).")]
CountryOpt = Annotated[Optional[str], typer.Option("--country", help="ISO 3166-1 alpha-3 code, e.g. ETH.")]
RegionOpt = Annotated[Optional[str], typer.Option("--region", help="UNCCD region; derived from the country when missing.")]
AridityOpt = Annotated[Optional[str], typer.Option("--aridity", help="hyper_arid, arid, semi_arid, dry_subhumid or humid.")]
RainOpt = Annotated[Optional[str], typer.Option("--rainfall", help="Mean annual rainfall, mm.")]
SlopeOpt = Annotated[Optional[str], typer.Option("--slope", help="Slope, percent.")]
LandUseOpt = Annotated[
    Optional[str], typer.Option("--land-use", help="cropland, grazing_land, forest, mixed, settlement, wetland, mine or barren.")
]
DegrOpt = Annotated[Optional[list[str]], typer.Option("--degradation", help="Degradation type; repeat or give a comma list.")]
SevOpt = Annotated[Optional[str], typer.Option("--severity", help="light, moderate, strong or extreme (GLASOD).")]
AreaOpt = Annotated[Optional[str], typer.Option("--area", help="Area to treat, ha.")]
BudgetOpt = Annotated[Optional[str], typer.Option("--budget", help="Total budget, USD.")]
HorizonOpt = Annotated[Optional[str], typer.Option("--horizon", help="Years over which costs are counted (default 20).")]
RateOpt = Annotated[Optional[str], typer.Option("--discount-rate", help="Discount rate 0..1 (default 0.05).")]
PrioOpt = Annotated[
    Optional[list[str]],
    typer.Option("--priority", help="NAME=WEIGHT for cost, carbon, biodiversity, livelihoods, water; repeatable."),
]
NameOpt = Annotated[Optional[str], typer.Option("--name", help="A name for the site.")]


@app.command()
def recommend(
    site: SiteOpt = None,
    biome: BiomeOpt = None,
    country: CountryOpt = None,
    region: RegionOpt = None,
    aridity: AridityOpt = None,
    rainfall: RainOpt = None,
    slope: SlopeOpt = None,
    land_use: LandUseOpt = None,
    degradation: DegrOpt = None,
    severity: SevOpt = None,
    area: AreaOpt = None,
    budget: BudgetOpt = None,
    horizon: HorizonOpt = None,
    discount_rate: RateOpt = None,
    priority: PrioOpt = None,
    name: NameOpt = None,
    top: Annotated[Optional[int], typer.Option("--top", "-n", min=1, help="Show only the N best options.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show every score component, rule fired and exclusion.")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, yaml, csv or markdown.")] = "table",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (whole or not at all).")] = None,
    lang: LangOpt = None,
    no_color: NoColorOpt = False,
    data: DataOpt = None,
) -> None:
    """Rank the practices that fit a site, with costs, reasons, monitoring and policy options.

    On a terminal, missing required facts are asked for; elsewhere they are an error.
    """
    from .api import recommend_data

    global _NO_COLOR
    _NO_COLOR = no_color
    _choice("format", fmt, OUTPUT_FORMATS)
    language = _lang(lang)
    flags = _flags(locals())
    catalog = _load(data)
    site_data = _guided(_site_from(site, flags), catalog, language)
    result = recommend_data(site_data, catalog, top=top, lang=language)
    _emit(result, fmt, output, explain, language, catalog)


def _guided(site_data: dict, catalog, language: str) -> dict:
    """Ask for missing required facts when a person is at the terminal; otherwise leave it to the checks."""
    from .guided import Asker, ask_missing, needs_questions

    if needs_questions(site_data) and sys.stdin.isatty() and os.environ.get("LANDRESTORE_NO_PROMPT") != "1":
        from .i18n import Translator

        try:
            return ask_missing(site_data, catalog, Asker(Translator(language, catalog)))
        except EOFError:
            raise UserError("input ended before the required facts were given") from None
    return site_data


def _emit(result: dict, fmt: str, output: Path | None, explain: bool, language: str = "en", catalog=None) -> None:
    from . import presenters
    from .i18n import Translator

    tr = Translator(language, catalog)

    if fmt == "json":
        write_output(presenters.to_json(result), output)
    elif fmt == "yaml":
        write_output(presenters.to_yaml(result), output)
    elif fmt == "csv":
        write_output(presenters.to_csv(result), output)
    elif fmt == "markdown":
        from . import __version__
        from .report import render_markdown

        write_output(render_markdown(result, catalog, language, __version__), output)
    elif output is not None and str(output) != "-":
        import io

        from rich.console import Console

        buf = io.StringIO()
        presenters.print_table(result, Console(file=buf, width=100, no_color=True, force_terminal=False), explain=explain, tr=tr)
        write_output(buf.getvalue(), output)
    else:
        presenters.print_table(result, _stdout_console(), explain=explain, tr=tr)


@app.command("explain")
def explain_cmd(
    practice_id: Annotated[str, typer.Argument(help="The practice id, e.g. zai_pits.")],
    site: SiteOpt = None,
    biome: BiomeOpt = None,
    country: CountryOpt = None,
    region: RegionOpt = None,
    aridity: AridityOpt = None,
    rainfall: RainOpt = None,
    slope: SlopeOpt = None,
    land_use: LandUseOpt = None,
    degradation: DegrOpt = None,
    severity: SevOpt = None,
    area: AreaOpt = None,
    budget: BudgetOpt = None,
    horizon: HorizonOpt = None,
    discount_rate: RateOpt = None,
    priority: PrioOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    lang: LangOpt = None,
    data: DataOpt = None,
) -> None:
    """Explain one practice on a site: its score components, the rules that fired, or why it was excluded."""
    from . import presenters
    from .api import explain as explain_api

    _choice("format", fmt, ("text", "json"))
    flags = _flags(locals())
    res = explain_api(practice_id, _site_from(site, flags), _load(data), lang=_lang(lang))
    if fmt == "json":
        write_output(presenters.to_json(res), None)
        return
    from .i18n import Translator

    tr = Translator(_lang(lang))
    out = [f"{res['name']} ({res['practice_id']})"]
    if res["excluded"]:
        out.append(tr("explain.excluded"))
        out += [f"  - {r}" for r in res["reasons"]]
    else:
        o = res["option"]
        out.append(tr("explain.rank", rank=res["rank"], of=res["of"], score=f"{o['score']:.4f}"))
        out.append(tr("explain.components"))
        for k, v in o["components"].items():
            out.append(f"  {k:<20} {res['weights'][k]:.2f} x " + (tr("explain.na") if v is None else f"{v:.4f}"))
        out.append(f"  {tr('explain.adjustment'):<20} {o['adjustment']:+.4f}")
        out += [f"  - {r}" for r in o["reasons"]]
        c = o["cost"]
        e, m, adj = c["establishment_per_ha"], c["maintenance_per_ha_year"], c["adjustments"]
        out.append(
            tr(
                "explain.cost",
                est=f"{e['typical']:,.0f}",
                low=f"{e['low']:,.0f}",
                high=f"{e['high']:,.0f}",
                mnt=f"{m['typical']:,.0f}",
                index=adj["price_index"],
                level=adj["cost_level"],
            )
        )
        for r in o["rules_fired"]:
            out.append(f"{tr('rule')} {r['rule']} ({r['effect']}): {r['message']}")
    out += [f"{tr('note')}: {w}" for w in res["warnings"]]
    write_output("\n".join(out) + "\n", None)


@app.command()
def report(
    output: Annotated[Path, typer.Option("--output", "-o", help="report.html (one self-contained page) or report.md.")],
    site: SiteOpt = None,
    biome: BiomeOpt = None,
    country: CountryOpt = None,
    region: RegionOpt = None,
    aridity: AridityOpt = None,
    rainfall: RainOpt = None,
    slope: SlopeOpt = None,
    land_use: LandUseOpt = None,
    degradation: DegrOpt = None,
    severity: SevOpt = None,
    area: AreaOpt = None,
    budget: BudgetOpt = None,
    horizon: HorizonOpt = None,
    discount_rate: RateOpt = None,
    priority: PrioOpt = None,
    name: NameOpt = None,
    top: Annotated[Optional[int], typer.Option("--top", "-n", min=1, help="Options in the report (default 8).")] = 8,
    lang: LangOpt = None,
    data: DataOpt = None,
) -> None:
    """Write a report to share: site, ranked options, charts, benefits, monitoring, policies, sources."""
    from . import __version__
    from .api import recommend_data
    from .report import render_html, render_markdown

    suffix = output.suffix.lower()
    if suffix not in (".html", ".htm", ".md", ".markdown"):
        from .errors import InputError

        raise InputError("output", str(output), f"the report must be a .html or .md file, got '{output.name}'")
    language = _lang(lang)
    flags = _flags(locals())
    catalog = _load(data)
    site_data = _guided(_site_from(site, flags), catalog, language)
    result = recommend_data(site_data, catalog, top=top, lang=language)
    render = render_html if suffix in (".html", ".htm") else render_markdown
    write_output(render(result, catalog, language, __version__), output)
    sys.stderr.write(f"wrote {output}\n")


site_app = typer.Typer(help="Work with site files.", rich_markup_mode=None, no_args_is_help=True)
app.add_typer(site_app, name="site")


@site_app.command("new")
def site_new(
    file: Annotated[Path, typer.Argument(help="Where to write the template, e.g. my-site.yaml.")],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    lang: LangOpt = None,
) -> None:
    """Write a commented site template to fill in."""
    from .guided import site_template

    if file.exists() and not force:
        raise UserError(f"{file} exists; choose another name or add --force to replace it")
    write_output(site_template(_lang(lang)), file)
    sys.stderr.write(f"wrote {file}; fill it in, then run: landrestore recommend --site {file}\n")


@app.command()
def batch(
    input_file: Annotated[
        Path, typer.Argument(metavar="INPUT", help="Sites: CSV, JSON Lines, YAML/JSON list or GeoJSON FeatureCollection.")
    ],
    output: Annotated[str, typer.Option("--output", "-o", help="CSV, JSON Lines or GeoJSON file; '-' for stdout (CSV).")],
    top: Annotated[Optional[int], typer.Option("--top", "-n", min=1, help="Options per site (default 3).")] = 3,
    errors: Annotated[
        Optional[Path], typer.Option("--errors", help="Where to list bad rows (default: OUTPUT.errors.csv).")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad row.")] = False,
    input_format: Annotated[
        Optional[str], typer.Option("--input-format", help="csv, jsonl, yaml, json or geojson (default: from the extension).")
    ] = None,
    output_format: Annotated[
        Optional[str], typer.Option("--output-format", help="csv, jsonl or geojson (default: from the extension).")
    ] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted run into the same output.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
    data: DataOpt = None,
) -> None:
    """Assess many sites: every good row gets its options, every bad row an entry in the errors file."""
    from . import batch as batch_mod

    show = not quiet and sys.stderr.isatty()
    progress, stop = _progress(input_file, show)
    try:
        summary = batch_mod.run(
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
        )
    except KeyboardInterrupt:
        stop()
        _err("interrupted; nothing was written to the output. Run the same command with --resume to continue.")
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    finally:
        stop()
    for note in summary.notes:
        sys.stderr.write(f"note: {note}\n")
    if not quiet:
        sys.stderr.write(batch_mod.format_summary(summary))
    if summary.sites_failed:
        raise typer.Exit(ExitCode.FINDINGS)


def _progress(input_file: Path, show: bool):
    """A rich progress bar on stderr (by bytes or records read) when stderr is a terminal."""
    if not show:
        return None, lambda: None
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    try:
        total = input_file.stat().st_size
    except OSError:
        total = None
    bar = Progress(
        TextColumn("batch"), BarColumn(), TextColumn("{task.fields[sites]} sites"), TimeRemainingColumn(), transient=True
    )
    task = bar.add_task("batch", total=total, sites=0)
    bar.start()

    def update(position: int, summary) -> None:
        bar.update(
            task, completed=position if total and position > 100 else None, sites=f"{summary.sites_ok + summary.sites_failed:,}"
        )

    return update, bar.stop


@app.command()
def validate(
    paths: Annotated[
        Optional[list[Path]], typer.Argument(help="Catalogue folders or files; default: the catalogue in use.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json or github.")] = "text",
    data: DataOpt = None,
) -> None:
    """Check catalogue files: every finding as FILE:LINE:COL; exit 1 if any."""
    import json

    from .presenters import render_diagnostics
    from .validate import validate_report

    _choice("format", fmt, ("text", "json", "github"))
    diags, coverage = validate_report(paths or None, data_dir=data)
    text = render_diagnostics(diags, fmt)
    if fmt == "json":
        data_out = json.loads(text)
        data_out["translation_coverage"] = coverage
        text = json.dumps(data_out, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.write(text)
    errors = [d for d in diags if d.severity == "error"]
    if fmt == "text":
        warnings = len(diags) - len(errors)
        tail = f" ({warnings} warning(s))" if warnings else ""
        for lang, row in (coverage or {}).items():
            sys.stderr.write(f"translations {lang}: " + "; ".join(f"{k} {v}" for k, v in row.items()) + "\n")
        sys.stderr.write(f"{len(errors)} error(s){tail}\n" if errors else f"catalogue is valid{tail}\n")
    if errors:
        raise typer.Exit(ExitCode.FINDINGS)


@app.command()
def schema(
    name: Annotated[str, typer.Argument(help="practices, biomes, policies, rules, site, regions, vocabularies or deflators.")],
) -> None:
    """Print the JSON Schema of a file kind (for editors and other tools)."""
    import json

    from .models import SCHEMAS

    _choice("name", name, tuple(SCHEMAS))
    model = SCHEMAS[name]
    schema = model.model_json_schema()
    if name in ("practices", "biomes", "policies", "rules"):
        schema = {
            "title": f"landrestore {name}",
            "type": "array",
            "items": {"$ref": f"#/$defs/{model.__name__}"},
            "$defs": {**schema.pop("$defs", {}), model.__name__: schema},
        }
    sys.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")


@app.command()
def vocab(
    name: Annotated[Optional[str], typer.Argument(help="biome, aridity, region, land_use, degradation, severity, ...")] = None,
) -> None:
    """List the allowed ids of a vocabulary (or the vocabularies)."""
    from . import vocab as v

    if name is None:
        for k, ids in v.VOCABULARIES.items():
            sys.stdout.write(f"{k}: {', '.join(ids)}\n")
        return
    key = _choice("vocabulary", name, tuple(v.VOCABULARIES))
    sys.stdout.write("\n".join(v.VOCABULARIES[key]) + "\n")


def _list(kind: str, fmt: str, data: Path | None, columns: list[tuple[str, str]], lang: str | None = None) -> None:
    from . import presenters
    from .i18n import Translator

    _choice("format", fmt, ("table", "json"))
    cat = _load(data)
    items = list(getattr(cat, kind).values())
    tr = Translator(_lang(lang), cat)
    if tr.lang != "en" and fmt == "table":
        items = [{**it, "name": tr.name(it), "summary": tr.summary(it)} for it in items]
    if fmt == "json":
        write_output(presenters.to_json(items), None)
        return
    from rich.table import Table

    t = Table(title=f"{len(items)} {kind}")
    for _, header in columns:
        t.add_column(header, overflow="fold")
    for it in items:
        t.add_row(*[str(_get(it, key)) for key, _ in columns])
    _stdout_console().print(t)


def _get(item: dict, dotted: str) -> object:
    cur: object = item
    for part in dotted.split("."):
        cur = cur.get(part, "") if isinstance(cur, dict) else ""
    if isinstance(cur, list):
        return ", ".join(map(str, cur))
    return cur


def _show(kind: str, ident: str, fmt: str, data: Path | None) -> None:
    from . import presenters
    from .errors import InputError
    from .vocab import closest

    _choice("format", fmt, ("json", "yaml"))
    cat = _load(data)
    items = getattr(cat, kind)
    if kind == "practices":
        item = cat.practice(ident)
    elif ident in items:
        item = items[ident]
    else:
        raise InputError(
            kind,
            ident,
            f"unknown {kind.rstrip('s').replace('ie', 'y')} '{ident}' (see `landrestore {kind} list`)",
            closest(ident, tuple(items)),
        )
    write_output(presenters.to_json(item) if fmt == "json" else presenters.to_yaml(item), None)


@practices_app.command("list")
def practices_list(fmt: ListFormat = "table", lang: LangOpt = None, data: DataOpt = None) -> None:
    """List the practices."""
    _list(
        "practices",
        fmt,
        data,
        lang=lang,
        columns=[
            ("id", "id"),
            ("name", "name"),
            ("intervention", "intervention"),
            ("ldn_response", "LDN"),
            ("costs.establishment_per_ha.typical", "est. US$/ha"),
            ("costs.year", "year"),
        ],
    )


@practices_app.command("show")
def practices_show(
    practice_id: str, fmt: Annotated[str, typer.Option("--format", "-f", help="yaml or json.")] = "yaml", data: DataOpt = None
) -> None:
    """Show one practice in full."""
    _show("practices", practice_id, fmt, data)


@biomes_app.command("list")
def biomes_list(fmt: ListFormat = "table", lang: LangOpt = None, data: DataOpt = None) -> None:
    """List the biomes."""
    _list(
        "biomes",
        fmt,
        data,
        lang=lang,
        columns=[
            ("id", "id"),
            ("name", "name"),
            ("aridity", "aridity"),
            ("restoration.cost_per_ha.typical", "restoration US$/ha"),
            ("recovery_years.typical", "recovery yrs"),
        ],
    )


@biomes_app.command("show")
def biomes_show(
    biome_id: str, fmt: Annotated[str, typer.Option("--format", "-f", help="yaml or json.")] = "yaml", data: DataOpt = None
) -> None:
    """Show one biome in full."""
    _show("biomes", biome_id, fmt, data)


@policies_app.command("list")
def policies_list(fmt: ListFormat = "table", lang: LangOpt = None, data: DataOpt = None) -> None:
    """List the policy instruments."""
    _list("policies", fmt, data, lang=lang, columns=[("id", "id"), ("name", "name"), ("summary", "what it does")])


@policies_app.command("show")
def policies_show(
    policy_id: str, fmt: Annotated[str, typer.Option("--format", "-f", help="yaml or json.")] = "yaml", data: DataOpt = None
) -> None:
    """Show one policy instrument in full."""
    _show("policies", policy_id, fmt, data)


@app.command()
def version(data: DataOpt = None) -> None:
    """Print the tool and catalogue versions."""
    from . import __version__

    sys.stdout.write(f"landrestore {__version__}\n")
    try:
        cat = _load(data)
        sys.stdout.write(f"catalogue {cat.manifest.get('name', '')} {cat.version} ({len(cat.practices)} practices)\n")
    except UserError as exc:
        sys.stdout.write(f"catalogue: not usable ({exc})\n")


def main() -> None:
    """Entry point: user errors become one line and exit 2; bugs exit 3 with a hint."""
    debug = os.environ.get("LANDRESTORE_DEBUG") == "1"
    try:
        app()  # standalone: usage errors print and exit 2, --help exits 0
    except UserError as exc:
        _err(str(exc))
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(ExitCode.INTERRUPTED)
    except Exception as exc:  # noqa: BLE001
        if debug:
            raise
        _err(
            f"internal error: {type(exc).__name__}: {exc}. This is a bug; please report it (set LANDRESTORE_DEBUG=1 for the traceback)."
        )
        sys.exit(ExitCode.INTERNAL)

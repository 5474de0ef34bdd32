"""The About page (``/about``): indicators, gap-score method, sources, boundaries, import, limits.

Static per language (``?lang=``): everything comes from the indicator catalogue, the source
registry, ``indicators.gapscore.METHOD_VERSION``, ``geodata.attribution`` / ``geodata.sources``
and ``docs/METHOD.md`` / ``docs/IMPORT.md`` (``dashboard.about.content``). Markdown is rendered
with ``dcc.Markdown`` without raw HTML; data (titles, licences) is rendered as plain text.
The footer's "Data sources" link points at ``#sources`` (``sources_anchor``).
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.about import content as about_content
from dashboard.about.content import SECTIONS
from dashboard.common.aria import aria
from dashboard.errors import safe_layout
from dashboard.i18n import normalise_language, t

about_content.figure_counts()  # warm once in the gunicorn master (--preload)


@safe_layout
def layout(**query: object) -> html.Div:
    """The page in the URL's language (other query keys are ignored)."""
    value = query.get("lang")
    lang = normalise_language(value[0] if isinstance(value, list) and value else value)
    builders = {
        "indicators": indicators_section,
        "method": method_section,
        "sources": sources_section,
        "boundaries": boundaries_section,
        "import": import_section,
        "limits": limits_section,
    }
    return html.Div(
        [
            html.H1(t("about.heading", lang), className="h3 mb-2", id="top"),
            html.P(t("about.intro", lang), className="cam-lead"),
            contents(lang),
            *[builders[name](lang) for name in SECTIONS],
        ],
        lang=lang,
        className="cam-about",
    )


def markdown(text: str) -> dcc.Markdown:
    """Markdown without raw HTML (``dangerously_allow_html`` stays off)."""
    return dcc.Markdown(text, dangerously_allow_html=False, className="cam-markdown")


def contents(lang: str) -> html.Nav:
    """Links to the sections."""
    return html.Nav(
        [
            html.H2(t("about.toc.label", lang), className="h6"),
            html.Ul(
                [html.Li(html.A(t(f"about.section.{s}", lang), href=f"#{s}")) for s in SECTIONS],
                className="cam-toc",
            ),
        ],
        className="mb-4",
        **aria(label=t("about.toc.label", lang)),
    )


def section(name: str, lang: str, children: list) -> html.Section:
    """A titled section with an anchor (``#name``) and a link back to the top."""
    return html.Section(
        [
            html.H2(t(f"about.section.{name}", lang), className="h4 mt-4 mb-3"),
            *children,
            html.P(html.A(t("about.back_to_top", lang), href="#top"), className="small"),
        ],
        id=name,
        className="cam-about-section",
    )


def table(caption: str, heads: list[str], rows: list[list], show_caption=True) -> html.Div:
    """A responsive Bootstrap table with column headers and a caption (read to screen-reader
    users only when ``show_caption`` is False, e.g. under a summary with the same words)."""
    return html.Div(
        html.Table(
            [
                html.Caption(caption, className=None if show_caption else "visually-hidden"),
                html.Thead(html.Tr([html.Th(h, scope="col") for h in heads])),
                html.Tbody([html.Tr(cells) for cells in rows]),
            ],
            className="table table-sm table-striped align-top caption-top",
        ),
        className="table-responsive",
    )


def indicators_section(lang: str) -> html.Section:
    """The catalogue by domain: label, definition, unit, direction, group, figures held."""
    heads = [
        t(f"about.col.{c}", lang)
        for c in ("indicator", "definition", "unit", "direction", "group", "values")
    ]
    groups = []
    for index, (domain, rows) in enumerate(about_content.indicator_rows(lang).items()):
        cells = [
            [
                html.Th([r.label, html.Br(), html.Code(r.id, className="small")], scope="row"),
                html.Td(r.definition),
                html.Td(r.unit),
                html.Td([r.direction] + ([html.Br(), r.target] if r.target else [])),
                html.Td(html.Code(r.group)),
                html.Td(str(r.figures), className="text-end"),
            ]
            for r in rows
        ]
        title = t(f"about.domain.{domain}", lang)
        groups.append(
            html.Details(
                [
                    html.Summary(f"{title} ({len(rows)})", className="h6 d-list-item"),
                    table(title, heads, cells, show_caption=False),
                ],
                open=index == 0,  # the first domain (children left behind) is open
                className="cam-details mb-2",
                id=f"domain-{domain}",
            )
        )
    return section(
        "indicators",
        lang,
        [
            markdown(t("about.indicators.intro", lang)),
            dbc.Alert(markdown(t("about.indicators.warning", lang)), color="warning"),
            *groups,
        ],
    )


def method_section(lang: str) -> html.Section:
    """Version, a faithful summary in the UI language, and docs/METHOD.md in full."""
    from indicators.gapscore import METHOD_VERSION

    return section(
        "method",
        lang,
        [
            html.P(
                dbc.Badge(t("about.method.version", lang, version=METHOD_VERSION), color="info"),
                id="method-version",
            ),
            markdown(t("about.method.summary", lang)),
            full_document("METHOD.md", t("about.method.full", lang), lang),
        ],
    )


def full_document(name: str, summary: str, lang: str) -> html.Details:
    """A collapsed ``docs/<name>`` (or a note saying where to find it)."""
    text = about_content.document(name, dash.get_asset_url(""))
    body = (
        markdown(text)
        if text is not None
        else html.P(t("about.doc.missing", lang, path=f"docs/{name}"))
    )
    return html.Details(
        [html.Summary(summary), html.Div(body, className="cam-doc mt-2")],
        className="cam-details mb-3",
    )


def sources_section(lang: str) -> html.Section:
    """Every source of the default dataset with its licence, tier and number of figures."""
    rows = about_content.source_rows()
    heads = [
        t(f"about.col.{c}", lang)
        for c in ("publisher", "title", "date", "licence", "tier", "values")
    ]
    cells = [
        [
            html.Td(r.publisher),
            html.Td(source_title(r)),
            html.Td(r.date or t("about.sources.nodate", lang)),
            html.Td(r.licence, className="small"),
            html.Td(t(f"common.status.{r.tier}", lang)),
            html.Td(str(r.figures), className="text-end"),
        ]
        for r in rows
    ]
    derived = about_content.derived_figures()
    return section(
        "sources",
        lang,
        [
            html.P(t("about.sources.intro", lang, count=len(rows))),
            html.P(t("about.sources.verify", lang), className="small text-muted"),
            table(t("about.sources.caption", lang), heads, cells),
            html.P(t("about.sources.derived", lang, count=derived)) if derived else None,
        ],
    )


def source_title(row: about_content.SourceRow) -> list:
    """The title, linked to the source's URL when it is a web address (text, never HTML)."""
    if row.url.lower().startswith(("https://", "http://")):
        return [html.A(row.title or row.url, href=row.url, target="_blank", rel="noopener")]
    return [row.title]


def boundaries_section(lang: str) -> html.Section:
    """Boundary datasets with licence and credit, the footer line, the disclaimer, NOTICE."""
    from geodata.attribution import BOUNDARY_ATTRIBUTION, BOUNDARY_DISCLAIMER
    from geodata.sources import DATASETS

    heads = [t(f"about.col.{c}", lang) for c in ("dataset", "licence", "credit")]
    cells = [
        [
            html.Td(html.A(d.title, href=d.homepage, target="_blank", rel="noopener")),
            html.Td(html.A(d.licence, href=d.licence_url, target="_blank", rel="noopener")),
            html.Td(d.credit),
        ]
        for d in DATASETS.values()
    ]
    notice = about_content.notice_text()
    return section(
        "boundaries",
        lang,
        [
            html.P(t("about.boundaries.intro", lang)),
            table(t("about.section.boundaries", lang), heads, cells),
            html.P([t("about.boundaries.footer", lang), " ", html.Em(BOUNDARY_ATTRIBUTION)]),
            html.P(t("about.boundaries.layouts", lang)),
            dbc.Alert(
                [
                    html.Strong(t("about.boundaries.disclaimer_label", lang) + ": "),
                    t("common.footer.disclaimer", lang) if lang != "en" else BOUNDARY_DISCLAIMER,
                ],
                color="secondary",
            ),
            html.Details(
                [html.Summary(t("about.boundaries.notice", lang)), html.Pre(notice)],
                className="cam-details mb-3",
            )
            if notice
            else None,
        ],
    )


def import_section(lang: str) -> html.Section:
    """How to bring one's own data: summary with template links, then docs/IMPORT.md."""
    links = {
        "csv": dash.get_asset_url("templates/cam_atlas_template.csv"),
        "xlsx": dash.get_asset_url("templates/cam_atlas_template.xlsx"),
    }
    return section(
        "import",
        lang,
        [
            markdown(t("about.import.summary", lang, **links)),
            full_document("IMPORT.md", t("about.import.full", lang), lang),
        ],
    )


def limits_section(lang: str) -> html.Section:
    """What is missing from the data (from the project's research notes), then the published
    values flagged implausible."""
    return section("limits", lang, [markdown(t("about.limits.list", lang)), flagged_block(lang)])


def flagged_block(lang: str) -> html.Div:
    """Every published value outside its indicator's valid range: the value as printed, where
    it is printed (platform, file, row) and why it is flagged (``about.content.flagged_values``)."""
    rows = about_content.flagged_values(lang)
    heading = html.H3(t("about.flagged.heading", lang), className="h5 mt-3")
    if not rows:
        return html.Div([heading, html.P(t("about.flagged.none", lang))], id="flagged-values")
    heads = [
        t(f"about.col.{c}", lang)
        for c in ("indicator", "area", "year", "published", "source", "reason")
    ]
    cells = [
        [
            html.Td([r.indicator, html.Br(), html.Code(r.indicator_id, className="small")]),
            html.Td([r.area, html.Br(), html.Small(r.breakdown or t("about.flagged.total", lang))]),
            html.Td(r.year),
            html.Td(r.value, className="text-end"),
            html.Td(
                [
                    r.publisher,
                    html.Br(),
                    html.Small(
                        [
                            r.platform,
                            " ",
                            html.Code(r.file),
                            " ",
                            t("about.flagged.row", lang, row=r.row) if r.row else "",
                        ]
                    ),
                ],
                className="small",
            ),
            html.Td(r.reason),
        ]
        for r in rows
    ]
    return html.Div(
        [
            heading,
            markdown(t("about.flagged.intro", lang, count=len(rows))),
            table(t("about.flagged.caption", lang), heads, cells, show_caption=False),
        ],
        id="flagged-values",
    )


dash.register_page(
    __name__,
    layout=layout,
    path="/about",
    name="About & sources",
    title="About, method and sources · CAM Atlas",
    order=90,
    nav_key="about.nav",
    sources_anchor="sources",
    description="What each indicator means, the gap-score method, every source and licence.",
)

"""Two runs side by side, and what a researcher takes away: the CSVs, the figures for a
talk, the link and the `govsim run` command that reproduces the run so far. Layout of a
:class:`~govsim.dashboard.controller.Dashboard`."""

from __future__ import annotations

from functools import partial

import solara

from govsim.dashboard import charts, export, views
from govsim.dashboard.controller import Dashboard
from govsim.dashboard.i18n import t
from govsim.dashboard.parts import Detached, Heading, escaped, guarded
from govsim.dashboard.session import Simulation
from govsim.dashboard.widgets import Chart, compare_html


@solara.component
def Compare(ctl: Dashboard, reps: dict, now: tuple) -> None:
    """The comparison's choice, its headline indicators beside the shown run's and, per
    run, how long cases stay open."""
    L, other = ctl.lang, ctl.other
    Heading(t("view.compare", L))
    none = t("ctl.compare_none", L)
    by_label = {none: "", **{ctl.label(n): n for n in ctl.names}}
    solara.Select(
        label=t("ctl.compare", L),
        values=list(by_label),
        value=ctl.label(ctl.view.compare) if ctl.view.compare else none,
        on_value=guarded(lambda v: ctl.set_compare(by_label.get(v, "")), ctl.report, L),
        classes=["select-compare"],
    )
    solara.HTML(tag="div", unsafe_innerHTML=t("view.compare_help", L), classes=["gs-muted"])
    if isinstance(other, str):
        solara.Error(f"{t('view.error', L)}: {other}", classes=["compare-error"])
        return
    if not isinstance(other, Simulation):
        solara.HTML(tag="div", unsafe_innerHTML=t("view.compare_pick", L), classes=["gs-muted"])
        return
    solara.HTML(
        tag="div",
        unsafe_innerHTML=compare_html(ctl.sim, other, L, reps),
        classes=["compare", "gs-scroll"],
    )
    Survival(ctl)


def Survival(ctl: Dashboard) -> None:
    """How long cases stay open, per run."""
    sim, other, L = ctl.sim, ctl.other, ctl.lang
    curves = [views.survival(run.model.state) for run in (sim, other)]
    sides = (
        t("view.with_levers", L) if sim.overrides else t("view.as_shipped", L),
        t("view.as_shipped", L),
    )
    lines = [
        (f"{ctl.label(run.scenario.name)} · {side}", tt, share)
        for run, side, (tt, share) in zip((sim, other), sides, curves, strict=True)
    ]
    Heading(t("view.survival", L))
    Chart(
        partial(charts.survival_figure, lines, t("view.survival_axis", L), t("view.survival", L)),
        [sim, other, sim.day, L],
        "survival-chart",
        L,
        sim.day,
        run=id(sim),
    )
    solara.HTML(tag="div", unsafe_innerHTML=t("view.survival_help", L), classes=["gs-muted"])


@solara.component
def TakeAway(ctl: Dashboard, now: tuple) -> None:
    """The downloads, the link and the command that reproduces the whole run so far."""
    L = ctl.lang
    Heading(t("take.title", L))
    # rendered apart (Detached): a step re-renders TakeAway, but not its download elements
    draw = solara.use_memo(
        lambda: partial(Downloads, ctl, (ctl.sim, ctl.other, L, ctl.setup)),
        [ctl.sim, ctl.other, L, ctl.setup],
    )
    Detached(draw)
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f'<div class="gs-muted">{t("take.link_help", L)}</div>'
            f'<div class="gs-muted">{ctl.command_label()}</div>'
            f'<div class="command" data-query="{escaped(ctl.address())}">'
            f"{escaped(ctl.command())}</div>"
            f'<button class="btn-copy v-btn v-btn--outlined theme--light v-size--small" '
            f'onclick="navigator.clipboard &amp;&amp; navigator.clipboard.writeText('
            f"this.previousElementSibling.innerText); this.innerText='{t('take.copied', L)}'\">"
            f"{t('take.copy', L)}</button>"
        ),
        classes=["take-command"],
    )


@solara.component
def Downloads(ctl: Dashboard, shown: tuple) -> None:
    """The download buttons of the runs and language `shown`. Their props do not change
    with the day, so a step does not re-render them; what they download is made when
    clicked, from the day shown then."""
    stem, lang = ctl.stem(), ctl.lang
    with solara.Row(style={"flex-wrap": "wrap"}):
        solara.FileDownload(
            ctl.series_csv,
            filename=f"{stem}_series.csv",
            label=t("take.series_csv", lang),
            mime_type="text/csv",
        )
        solara.FileDownload(
            ctl.table_csv,
            filename=f"{stem}_indicators.csv",
            label=t("take.table_csv", lang),
            mime_type="text/csv",
        )
        for kind, fmt in export.DOWNLOADS:  # titled, captioned, 2x: for a talk or a paper
            solara.FileDownload(
                partial(ctl.figure, kind, fmt),
                filename=f"{stem}_{kind}.{fmt}",
                label=t(f"take.{kind}_{fmt}", lang),
                mime_type=export.FORMATS[fmt],
            )

"""The dashboard's building blocks: a lever's control, a whole-number field, a part of the
page rendered apart (:func:`Detached`), a heading, and the guards every callback and
background thread go through (a failure shows a message, never a traceback)."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from html import escape
from typing import Any

import solara

from govsim.dashboard.i18n import t
from govsim.dashboard.levers import Lever, help_text
from govsim.dashboard.settings import lever_text, show_value


def guarded(action: Callable, report: Callable[[str], None], lang: str) -> Callable:
    """`action` with every exception shown as a message in the page's language (never a
    traceback on the page)."""

    def run(*args, **kwargs):
        try:
            return action(*args, **kwargs)
        except Exception:  # noqa: BLE001 (anything: the page must survive it)
            traceback.print_exc()  # the developer's words go to the server's log
            report(t("ctl.callback_error", lang))
            return None

    return run


def use_background(work: Callable[[threading.Event], None], dependencies: list) -> None:
    """Run `work(cancel)` in a thread, again (with the last one's `cancel` set) when the
    dependencies change. `work` stops at its own checks of `cancel`: solara's default
    intrusive cancel traces every line of the thread (several times slower) and raises at
    whatever line it is on, inside a model's step or a render the thread runs too
    (docs/dashboard.md, "Background threads stop at their own checks")."""
    solara.use_thread(work, dependencies=dependencies, intrusive_cancel=False)


def Heading(text: str, level: int = 3) -> solara.Element:
    return solara.HTML(tag=f"h{level}", unsafe_innerHTML=text, classes=["gs"])


def lever_shown(lever: Lever, value: Any, lang: str) -> str:
    """A lever's value with its unit, e.g. "60 % of adults", "10 workers"."""
    unit = t("unit." + lever.unit, lang) if lever.unit else ""
    if lever.percent:
        return f"{float(value) * 100:.0f} {unit}"
    return f"{show_value(lever, value, lang)} {unit}".strip()


@solara.component
def LeverControl(lever: Lever, value: Any, shipped: Any, label: str, on_value, lang: str) -> None:
    """A lever's switch or slider, its value with its unit (``data-value``: the value as
    ``--set`` takes it) and, when moved, the value it was moved from."""
    changed = value != shipped
    classes = ["lever", "lever-" + lever.key.replace(".", "-")] + (
        ["lever-changed"] if changed else []
    )
    mark = (
        f' <span class="lever-mark">● {t("ctl.lever_changed", lang, lever_shown(lever, shipped, lang))}</span>'  # noqa: E501
        if changed
        else ""
    )
    import reacton.ipyvuetify as rv

    # the help (the schema's description, or its translation) is the whole lever's tooltip
    tip = help_text(lever.key, lang)
    box = rv.Html(tag="div", class_=" ".join(classes), attributes={"title": tip, "data-help": tip})
    if lever.kind == "bool":
        with box:
            solara.Switch(label=label, value=bool(value), on_value=on_value, classes=classes)
            if mark:
                solara.HTML(tag="div", unsafe_innerHTML=mark)
        return
    with box:
        solara.HTML(
            tag="div",
            unsafe_innerHTML=(
                f'<span>{label}: <b class="lever-value" data-value="{lever_text(value)}">'
                f"{lever_shown(lever, value, lang)}</b></span>{mark}"
            ),
            classes=["lever-label"],
        )
        if lever.kind == "int":
            solara.SliderInt(
                "",
                value=int(value),
                min=int(lever.low),
                max=max(int(lever.high), int(value)),
                step=int(lever.step),
                on_value=on_value,
            )
        else:
            solara.SliderFloat(
                "",
                value=float(value),
                min=lever.low,
                max=lever.high,
                step=lever.step,
                on_value=on_value,
                thumb_label=False,
            )


@solara.component
def Drawn(draw: Callable[[], None]) -> None:
    """The elements `draw` makes (a component, so that a new `draw` updates the widgets in
    place: the same component at the same place keeps its state)."""
    draw()


@solara.component
def Detached(draw: Callable[[], None]) -> None:
    """What `draw` makes, rendered in a reacton render context of its own, so that a render
    of the page that does not render this component (a step: only the views read the day)
    does not walk these elements either: reacton re-visits and re-sets every widget of its
    tree at each render, whether its component rendered or not (the drawer's ~200 of ~460
    elements per click; docs/dashboard.md, "How fast a day shows"). A new `draw` (the page
    rendered again: a lever, the language, a setting changed) renders it again."""
    import ipyvuetify
    import reacton

    box = solara.use_memo(lambda: ipyvuetify.Html(tag="div", children=[]), [])
    context = solara.use_ref(None)

    def show():
        # in an effect, not in the render: an element made in a render joins that render
        if context.current is None:
            context.current = reacton.render(Drawn(draw), box, handle_error=False)[1]
        else:
            context.current.render(Drawn(draw))

    solara.use_effect(show, [draw])

    def close():
        def cleanup():
            if context.current is not None:
                context.current.close()
                context.current = None

        return cleanup

    solara.use_effect(close, [])
    solara.Div(children=[box])


@solara.component
def Field(label: str, in_use: int, on_text, css_class: str, rejected: int) -> None:
    """A text field for a whole number, committed on Enter or leaving the field. After a
    rejected entry (`rejected` counts them) it shows the value in use again (the browser
    keeps what was typed unless told); leaving it unchanged commits nothing."""
    import reacton.ipyvuetify as v
    from solara.components.input import use_change

    element = v.TextField(v_model=str(in_use), label=label, class_=css_class, hide_details="auto")

    def commit(text) -> None:
        if str(text).strip() != str(in_use):
            on_text(text)

    use_change(element, commit)

    def show_in_use() -> None:
        widget = solara.get_widget(element)
        if widget.v_model != str(in_use):
            widget.v_model = str(in_use)

    solara.use_effect(show_in_use, [rejected, in_use])


def escaped(text: str) -> str:
    return escape(text)

"""The dashboard's controller without a browser or Solara: one test per action (a lever,
a comparison mid-run, replicates, play, the address restored, the downloads, the rebuild
notice), each checked against runs rebuilt here and recomputed with numpy."""

from __future__ import annotations

import csv
import io
import threading
import time

import numpy as np
import pytest

from govsim.dashboard import indicators
from govsim.dashboard import notice as notice_module
from govsim.dashboard.controller import Dashboard, shipped_scenarios
from govsim.dashboard.levers import available_levers
from govsim.dashboard.session import Simulation

LEVERS = {lever.key: lever for lever in available_levers()}
WORKERS = LEVERS["organisation.grid_workers"]


class Clock:
    """A clock the test moves (a slider's drag is values a frame apart)."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def dashboard(link: str = "", clock=time.monotonic) -> tuple[Dashboard, list[str]]:
    ctl = Dashboard(shipped_scenarios(), None, link, clock)
    heard: list[str] = []
    ctl.listeners.append(heard.append)
    return ctl, heard


def test_a_lever_rebuilds_the_run_at_day_0_and_the_address_and_command_carry_it():
    ctl, heard = dashboard()
    ctl.step(5)
    ctl.set_lever(WORKERS, 20)
    assert ctl.sim.day == 0 and ctl.sim.scenario.organisation.grid_workers == 20
    assert heard == ["step", "page"]
    assert "organisation.grid_workers=20" in ctl.address()
    ctl.step(3)
    assert ctl.command().endswith("--days 3 --set organisation.grid_workers=20")
    ctl.set_lever(WORKERS, ctl.sim.base.organisation.grid_workers)  # back to the base value
    assert ctl.setup.levers == () and "grid_workers" not in ctl.address()


def test_a_comparison_chosen_mid_run_starts_level_and_is_the_run_govsim_would_make():
    ctl, heard = dashboard()
    ctl.step(12)
    ctl.set_compare("digital_only")
    assert ctl.other.day == 12 and heard[-1] == "page"
    ctl.step(3)
    alone = Simulation("digital_only", {}, ctl.setup.seed, ctl.setup.days)
    alone.step(15)
    assert ctl.other.day == 15
    assert np.array_equal(ctl.other.model.series[:15], alone.model.series[:15], equal_nan=True)
    ctl.set_compare("")
    assert ctl.other is None and ctl.compared() is None


def test_replicates_are_the_mean_of_separate_seeds_and_a_bad_count_is_refused():
    ctl, _ = dashboard()
    ctl.set_replicates("11")
    assert ctl.view.replicates == 1 and "11" in ctl.message and ctl.rejected == 1
    ctl.set_replicates("3")
    assert ctl.message == "" and ctl.view.replicates == 3
    ctl.step(6)
    assert ctl.replicated(6).get("main") is None, "not every seed shows day 6 yet"
    assert ctl.advance_replicates(6)
    means = ctl.replicated(6)["main"]
    seeds = [ctl.setup.seed + i for i in range(3)]
    runs = [Simulation("community_y", {}, s, ctl.setup.days) for s in seeds]
    for run in runs:
        run.step(6)
    for name in ("participation_rate", "adoption_rate"):
        alone = np.array([run.current()[name] for run in runs])
        assert np.array_equal(means[name], alone, equal_nan=True), name
    assert f'data-value="{float(np.mean(means["adoption_rate"]))!r}"' in ctl.cards_html()


def test_play_steps_day_by_day_until_paused():
    ctl, heard = dashboard()
    ctl.set_speed("fast")
    ctl.set_playing(True)
    cancel = threading.Event()
    player = threading.Thread(target=ctl.play, args=(cancel,))
    player.start()
    deadline = time.monotonic() + 20
    while ctl.sim.day < 3:
        assert time.monotonic() < deadline, "play did not advance"
        time.sleep(0.01)
    ctl.set_playing(False)
    player.join(5)
    paused = ctl.sim.day
    time.sleep(0.2)
    assert not player.is_alive() and ctl.sim.day == paused
    assert heard.count("step") == paused


def screen(ctl: Dashboard) -> tuple:
    return ctl.setup, ctl.view, ctl.sim.day, ctl.other.day, ctl.cards_html()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_link_restores_the_screen_and_its_cards(lang):
    """Encode at day 9 with a lever, a comparison, two seeds and every view setting;
    decode in a new controller: the same setup, view, day and cards (replicates' means)."""
    ctl, _ = dashboard()
    ctl.set_language(lang)
    ctl.set_lever(WORKERS, 20)
    ctl.set_compare("digital_only")
    ctl.set_replicates("2")
    costs = indicators.sections()[-2]
    ctl.set_view(zoom=(2, 8), section=costs, chart="flow", colour="participation", all=True)
    ctl.step(9)
    assert ctl.advance_replicates(9)
    ctl.inspect("grid", 2)  # the map's inspector: grid 3 as the page numbers it, a case
    ctl.follow_case(ctl.listed_cases()[-1][0])
    link = ctl.address()
    assert "inspect=grid-3" in link and f"case={ctl.case + 1}" in link
    again, _ = dashboard(link)
    assert again.message == ""
    assert again.advance_replicates(9)
    assert screen(again) == screen(ctl)
    assert "kpi-spread" in again.cards_html()  # the means of two seeds, not one run
    assert again.inspector_html() == ctl.inspector_html() != ""
    assert again.trail_html() == ctl.trail_html() != ""
    assert again.address() == link


def test_a_wrong_part_of_a_link_is_named_in_its_language_and_the_rest_is_used():
    ctl, _ = dashboard("lang=zh&day=999&compare=nowhere&replicates=2&zoom=5-3&section=x")
    assert ctl.lang == "zh" and ctl.view.replicates == 2 and ctl.sim.day == 0
    for key in ("day=999", "compare=nowhere", "zoom=5-3", "section=x"):
        name, value = key.split("=")
        assert f"链接中的设置“{name}”=“{value}”" in ctl.message, key
    assert ctl.view.compare == "" and ctl.view.zoom == "all"
    # the inspector's pick is checked against the run: no grid 99, no case 0 (numbered from 1)
    ctl, _ = dashboard("lang=zh&inspect=grid-99&case=0")
    for key in ("inspect=grid-99", "case=0"):
        name, value = key.split("=")
        assert f"链接中的设置“{name}”=“{value}”" in ctl.message, (key, ctl.message)
    assert ctl.inspected is None and ctl.case == -1 and ctl.inspector_card() is None
    ctl, _ = dashboard("inspect=worker-2&day=3")
    assert ctl.message == "" and ctl.inspected == ("worker", 1) and ctl.sim.day == 3


def test_downloads_end_on_the_day_and_values_the_cards_show():
    ctl, _ = dashboard()
    ctl.set_compare("digital_only")
    ctl.step(7)
    series = list(csv.DictReader(io.StringIO(ctl.series_csv())))
    shown = [r for r in series if r["run"] == "shown"]
    assert [int(r["day"]) for r in shown] == list(range(1, 8))
    assert {r["run"] for r in series} == {"shown", "comparison"}
    for name, value in ctl.sim.current().items():
        assert float(shown[-1][name]) == pytest.approx(value, nan_ok=True), name
        assert f'data-metric="{name}"' not in ctl.cards_html() or repr(value) in ctl.cards_html()
    table = [r for r in csv.DictReader(io.StringIO(ctl.table_csv())) if r["run"] == "shown"]
    whole = ctl.sim.whole_run()
    assert {r["day"] for r in table} == {"7"}
    for row in table:
        assert float(row["whole_run"]) == pytest.approx(whole[row["metric"]], nan_ok=True)
    assert ctl.stem() == f"govsim_community_y_seed{ctl.setup.seed}"


def drag(ctl: Dashboard, clock: Clock, lever, values) -> None:
    """A slider dragged through `values`, one frame apart."""
    for value in values:
        clock.now += 0.05
        ctl.set_lever(lever, value)


def test_a_drag_names_the_lever_against_the_run_before_the_drag():
    clock = Clock()
    ctl, _ = dashboard(clock=clock)
    assert ctl.notice_text() is None
    drag(ctl, clock, WORKERS, range(11, 21))
    assert ctl.notice_text() == "Model rebuilt with: Grid workers 10 → 20"
    ctl.set_language("zh")
    assert ctl.notice_text() == "模型已按以下改动重建：网格员人数 10 → 20"
    clock.now += 10  # a second drag, later: against the run the first one made
    drag(ctl, clock, WORKERS, range(21, 26))
    assert ctl.notice_text() == "模型已按以下改动重建：网格员人数 20 → 25"
    ctl.step(1)  # a day between two values: two changes
    drag(ctl, clock, WORKERS, [26])
    assert ctl.notice_text().endswith("25 → 26")


def test_a_drag_of_another_lever_is_a_change_of_its_own(monkeypatch):
    clock = Clock()
    ctl, _ = dashboard(clock=clock)
    drag(ctl, clock, WORKERS, [12])
    drag(ctl, clock, LEVERS["platform.reliability"], [0.9])
    reliability = ctl.sim.base.platform.reliability
    assert ctl.notice_text() == (
        f"Model rebuilt with: Platform reliability (daily uptime) {reliability:.2f} → 0.90"
    )
    monkeypatch.setattr(notice_module, "DRAG_SECONDS", 0.0)  # every value its own change
    drag(ctl, clock, WORKERS, [13, 14])
    assert ctl.notice_text() == "Model rebuilt with: Grid workers 13 → 14"


@pytest.mark.parametrize(
    "lang, head, same",
    [
        ("en", "Back to shipped settings: ", "Restarted at day 0 with the same settings."),
        ("zh", "已恢复原始设置：", "已按相同设置从第 0 天重新开始。"),
    ],
)
def test_back_to_shipped_names_each_lever_it_put_back_or_says_nothing_changed(lang, head, same):
    clock = Clock()
    ctl, _ = dashboard(clock=clock)
    ctl.set_language(lang)
    drag(ctl, clock, WORKERS, [20])
    drag(ctl, clock, LEVERS["platform.offline_channel"], [False])
    drag(ctl, clock, LEVERS["literacy.training_seats_per_month"], [100])
    ctl.back_to_shipped()
    text = ctl.notice_text()
    assert text.startswith(head) and ctl.setup.levers == ()
    assert text.count("→") == 3 and "20 → 10" in text
    ctl.back_to_shipped()
    assert ctl.notice_text() == same


# --- the inspector (issue 31 item 5): a click on the map picks a grid, a building or a worker


def recount_grid(state, grid: int) -> dict:
    """A grid's card recounted from the state one resident, household and case at a time."""
    res, hh, cases = state.residents, state.households, state.cases
    people = [i for i in range(res.n) if res.grid[i] == grid]
    adults = [i for i in people if res.is_adult[i]]
    open_rows = [i for i in range(cases.n) if cases.grid[i] == grid and cases.status[i] <= 2]
    last = state.day - 1
    return {
        "residents": len(people),
        "adults": len(adults),
        "adopters": sum(bool(res.has_adopted[i]) for i in adults),
        "elderly": sum(bool(res.is_elderly[i]) for i in people),
        "workers": [i for i, w in enumerate(state.grid_workers) if w.grid == grid],
        "open": open_rows,
        "waits": [sum(int(cases.status[i]) == s for i in open_rows) for s in (0, 1, 2)],
        "visited": sum(hh.grid[h] == grid and hh.last_visit_day[h] == last for h in range(hh.n)),
        "found": sum(
            cases.grid[i] == grid and cases.channel[i] == 2 and cases.day_reported[i] == last
            for i in range(cases.n)
        ),
    }


def shown_card(ctl: Dashboard) -> dict:
    """What the card shows, read back from its words' numbers."""
    card, html = ctl.inspector_card(), ctl.inspector_html()
    q = card["queue"]
    assert f'data-open="{len(card["open_cases"])}"' in html
    assert f"{card['residents']} residents: {card['adults']} adults" in html
    assert f"households visited: {card['last_day']['households_visited']}," in html
    return {
        "residents": card["residents"],
        "adults": card["adults"],
        "adopters": card["adopters"],
        "elderly": card["elderly"],
        "workers": [w["index"] for w in card["workers"]],
        "open": card["open_cases"],
        "waits": [q["unreported"], q["awaiting_dispatch"], q["with_responder"]],
        "visited": card["last_day"]["households_visited"],
        "found": card["last_day"]["issues_found"],
    }


def test_a_grid_picked_on_the_map_shows_a_recount_of_the_run_and_follows_the_day():
    ctl, heard = dashboard()
    ctl.step(20)
    grid = 1
    ctl.inspect("grid", grid)
    assert heard[-1] == "views" and ctl.inspected == ("grid", grid)
    state = ctl.sim.model.state
    first = recount_grid(state, grid)
    assert shown_card(ctl) == first and first["workers"] and first["visited"] > 0
    assert f'data-worker="{first["workers"][0]}"' in ctl.inspector_html()
    ctl.step(6)  # a new day: the card is read again at the day shown
    again = recount_grid(state, grid)
    assert again != first and shown_card(ctl) == again
    assert "Grid 2 on day 26" in ctl.inspector_html()
    ctl.inspect("worker", first["workers"][0])  # a worker's square: the grid's card
    assert shown_card(ctl) == again and 'class="inspect-worker picked"' in ctl.inspector_html()
    with pytest.raises(ValueError, match="no grid"):
        ctl.inspect("grid", 10_000)


def test_a_rebuild_forgets_what_was_picked_and_a_comparison_does_not():
    ctl, heard = dashboard()
    ctl.step(10)
    ctl.inspect("building", 3)
    ctl.follow_case(ctl.listed_cases()[0][0])
    ctl.set_compare("digital_only")
    assert ctl.inspected == ("building", 3) and ctl.trail_html()
    ctl.set_lever(WORKERS, 20)
    assert ctl.inspected is None and ctl.case == -1
    assert ctl.inspector_html() == "" and ctl.trail_html() == "" and ctl.listed_cases() == []
    ctl.inspect("grid", 0)
    ctl.restart()
    assert ctl.inspector_card() is None


def test_a_case_clicked_in_the_card_is_followed_from_arising_to_rating():
    ctl, _ = dashboard()
    ctl.step(40)
    ctl.inspect("grid", 0)
    cases, listed = ctl.sim.model.state.cases, dict(ctl.listed_cases())
    rated = [i for i in listed if cases.status[i] == 4]
    assert rated and len(listed) > len(rated), "the card lists open and rated cases"
    case = rated[0]
    ctl.follow_case(case)
    trail = ctl.trail_html()
    assert 'data-steps="raised reported dispatched resolved rated"' in trail
    days = [cases.day_raised, cases.day_reported, cases.day_dispatched]
    days += [cases.day_resolved, cases.day_closed]
    for column in days:  # the page counts days from 1: a thing done on day index k is day k+1
        assert f"Day {int(column[case]) + 1}: " in trail
    assert f"satisfaction {float(cases.satisfaction[case]):.2f} on a 0–1 scale" in trail
    waiting = next(i for i in listed if cases.status[i] <= 2)
    ctl.follow_case(waiting)
    assert f"Day {ctl.sim.day}: " in ctl.trail_html() and 'data-step="now"' in ctl.trail_html()

"""The window search with two workers solves two neighbourhoods at once, so a result can come back to a board
that changed while it was solved. Such a result is kept only when it still keeps every rule on the board as it
is then (`Board.replace_checked`); every schedule still passes the independent validator."""

from __future__ import annotations

import pytest

from bench.generator import Size, generate
from scheduling.solver import cpsat, greedy, lns
from scheduling.solver.budget import Budget
from scheduling.solver.days import DayGrid
from scheduling.solver.domains import scene_domains
from scheduling.solver.solution import Shoot
from scheduling.solver.validator import validate
from tests.solver.factories import element, problem, scene


def board_of(stay, shoots: dict[str, Shoot]) -> lns.Board:
    return lns.Board(stay, DayGrid(stay), set(), shoots, scene_domains(stay))


def on_board(board: lns.Board) -> dict[str, tuple[str, int]]:
    return {code: (shoot.module, shoot.start) for code, shoot in board.shoots.items()}


def test_a_result_that_clashes_with_a_shoot_placed_meanwhile_is_refused_and_nothing_changes():
    stay = problem((scene("001", 60), scene("002", 60), scene("003", 60)))
    # The board as it is now: 001 at 100, and 003 (placed by another neighbourhood meanwhile) at 300.
    board = board_of(stay, {"001": Shoot("001", "zvezda", 100, 160), "003": Shoot("003", "zvezda", 300, 360)})
    before, priority, version = on_board(board), board.priority, board.version
    # Found against the older board: 001 moved, and 002 where peresild now shoots 003.
    found = (Shoot("001", "zvezda", 500, 560), Shoot("002", "nauka", 320, 380))
    assert board.replace_checked(["001"], found) is False
    assert on_board(board) == before and board.priority == priority
    assert board.placement.shoots.keys() == board.shoots.keys()  # the occupancy rolled back too
    assert board.version > version  # and in-flight results know to check again


def test_a_result_that_drops_a_scene_a_shoot_now_on_the_board_comes_after_is_refused():
    stay = problem((scene("001", 60), scene("002", 60, after=("001",)), scene("003", 60, people=("shipenko",))))
    board = board_of(stay, {"001": Shoot("001", "zvezda", 100, 160), "002": Shoot("002", "zvezda", 200, 260)})
    before = on_board(board)
    # Found when 002 was not shot: it gave 001's time to nothing and placed 003; 002 still needs 001.
    assert board.replace_checked(["001"], (Shoot("003", "nauka", 100, 160),)) is False
    assert on_board(board) == before


def test_a_result_that_still_fits_is_kept_in_time_order_with_its_tallies():
    stay = problem((scene("001", 60), scene("002", 60, after=("001",), priority=3), scene("003", 60, people=("shipenko",))))
    board = board_of(stay, {"003": Shoot("003", "nauka", 100, 160)})
    # Given later scene first: 002 can only be checked once 001, which it comes after, is on the board.
    found = (Shoot("002", "zvezda", 400, 460), Shoot("001", "zvezda", 200, 260))
    assert board.replace_checked([], found) is True
    assert on_board(board) == {"001": ("zvezda", 200), "002": ("zvezda", 400), "003": ("nauka", 100)}
    assert board.priority == sum(stay.scene(code).priority for code in ("001", "002", "003"))


def test_a_result_needing_the_camera_another_neighbourhood_took_is_refused():
    stay = problem(
        (scene("001", 60, elements=(("cam-a", 1),)), scene("002", 60, people=("shipenko",), modules=("nauka",), elements=(("cam-a", 1),))),
        elements=(element("cam-a"),),
    )
    board = board_of(stay, {"001": Shoot("001", "zvezda", 100, 160)})
    assert board.replace_checked([], (Shoot("002", "nauka", 130, 190),)) is False
    assert board.replace_checked([], (Shoot("002", "nauka", 160, 220),)) is True


# Over-full stays: the bound is out of reach, so the search runs its whole time instead of stopping at a proof.
@pytest.mark.parametrize("seed", [3, 4])
def test_two_neighbourhoods_at_a_time_keep_every_rule_and_never_fall_below_greedy(monkeypatch, seed):
    # A short stay, so the neighbourhoods solved side by side keep landing on the same days.
    instance = generate(Size(days=8, scenes=60, people=4, modules=4, light=True), seed=seed, shape="overfull")
    monkeypatch.setattr(cpsat, "FULL_MODEL_LIMIT", 0)
    searches = []
    original = lns.Search.run

    def run(self, *args, **kwargs):
        searches.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(lns.Search, "run", run)
    solution = cpsat.solve(instance.problem, budget=Budget(6), workers=2)
    assert validate(instance.problem, solution) == []
    assert greedy.solve(instance.problem).objective <= solution.objective <= solution.bound
    assert instance.planted_priority <= solution.bound
    search = searches[0]
    assert search.workers == 2
    # Some results did come back to a board changed meanwhile, and were checked again before being kept.
    assert search.rechecked > 0 and solution.stats["rechecked"] == search.rechecked
    assert 0 <= search.outdated <= search.rechecked and solution.stats["outdated"] == search.outdated


def test_a_cancel_lands_while_two_neighbourhoods_are_solving(monkeypatch):
    # The search runs its whole time on an over-full stay, so the cancel finds it with two models in flight.
    instance = generate(Size(days=8, scenes=60, people=4, modules=4, light=True), seed=3, shape="overfull")
    monkeypatch.setattr(cpsat, "FULL_MODEL_LIMIT", 0)
    cancel_after = Budget(2)
    solution = cpsat.solve(instance.problem, budget=Budget(60, lambda: cancel_after.remaining() == 0), workers=2)
    assert solution.stats["stopped"] == "cancelled"
    assert solution.seconds < 10  # cancelled at 2 s, out of a 60 s budget
    assert [v for v in validate(instance.problem, solution) if v.rule not in ("required", "pin")] == []
    assert solution.stats["models"] > 0  # it was in the search, not still setting up, when the cancel came


def test_the_time_limit_holds_with_two_neighbourhoods_solving(monkeypatch):
    instance = generate(Size(days=8, scenes=60, people=4, modules=4, light=True), seed=4, shape="overfull")
    monkeypatch.setattr(cpsat, "FULL_MODEL_LIMIT", 0)
    solution = cpsat.solve(instance.problem, budget=Budget(4), workers=2)
    assert solution.seconds < 4 + 1.5  # the last models are cut to the deadline, not to their 3 s each
    assert validate(instance.problem, solution) == []


def stalled_search(seed: int) -> lns.Search:
    stay = generate(Size(days=8, scenes=60, people=4, modules=4, light=True), seed=seed).problem
    grid = DayGrid(stay)
    search = lns.Search(stay, scene_domains(stay), grid=grid, cap_days=lns.CapDays(stay, grid), workers=1, budget=Budget(5))
    search.span, search.stalled = lns.FIRST_SPAN_DAYS, 0
    return search


def test_stalled_neighbourhoods_grow_in_days_ejected_shoots_and_offered_scenes_up_to_their_caps_and_an_improvement_holds_them():
    search = stalled_search(5)

    def sizes():
        return search.span, search.ejected, search.most_waiting

    assert sizes() == (lns.FIRST_SPAN_DAYS, lns.FIRST_EJECTED, lns.FIRST_WAITING)
    for _ in range(lns.STALL - 1):
        search._tally(False)
    search._tally(True)  # an improvement just before the hundredth: no growth
    assert sizes() == (lns.FIRST_SPAN_DAYS, lns.FIRST_EJECTED, lns.FIRST_WAITING)
    for _ in range(lns.STALL):
        search._tally(False)
    assert sizes() == (lns.FIRST_SPAN_DAYS + 1, lns.FIRST_EJECTED + 1, lns.FIRST_WAITING + lns.MORE_WAITING)
    for _ in range(lns.STALL * (lns.MOST_EJECTED + lns.MOST_SPAN_DAYS)):
        search._tally(False)
    assert sizes() == (lns.MOST_SPAN_DAYS, lns.MOST_EJECTED, lns.MOST_WAITING)


def test_stalled_neighbourhoods_stop_growing_while_the_recent_models_solve_slower_than_the_target_and_grow_again_once_faster():
    search = stalled_search(6)
    search.solve_seconds.extend([lns.TARGET_SOLVE_SECONDS * 2] * lns.RECENT_SOLVES)
    for _ in range(lns.STALL * 5):
        search._tally(False)
    assert (search.span, search.ejected, search.most_waiting) == (lns.FIRST_SPAN_DAYS, lns.FIRST_EJECTED, lns.FIRST_WAITING)
    # A few fast models are not enough: the median of the recent ones decides.
    search.solve_seconds.extend([lns.TARGET_SOLVE_SECONDS / 10] * (lns.RECENT_SOLVES // 2 - 1))
    for _ in range(lns.STALL):
        search._tally(False)
    assert search.span == lns.FIRST_SPAN_DAYS
    search.solve_seconds.extend([lns.TARGET_SOLVE_SECONDS / 10] * 2)
    for _ in range(lns.STALL):
        search._tally(False)
    assert (search.span, search.ejected, search.most_waiting) == (
        lns.FIRST_SPAN_DAYS + 1, lns.FIRST_EJECTED + 1, lns.FIRST_WAITING + lns.MORE_WAITING)


def test_a_wider_ejection_chain_tries_its_left_out_scene_on_more_of_its_days_each_with_room_made(monkeypatch):
    search = stalled_search(7)
    search.board = lns.Board(search.problem, search.grid, search.mandatory, {}, search.domains)  # nothing shot yet
    tried: list[tuple[str, int]] = []
    make_room = search._make_room
    monkeypatch.setattr(search, "_make_room", lambda scene, day, depth: tried.append((scene.code, day)) or make_room(scene, day, depth))
    left_out = [scene for scene in search.placeable if len(search.start_days[scene.code]) >= 4]
    for span, expected in ((lns.FIRST_SPAN_DAYS, 1), (lns.FIRST_SPAN_DAYS + lns.SPAN_DAYS_PER_FOCUS_DAY, 2),
                           (lns.FIRST_SPAN_DAYS + 3 * lns.SPAN_DAYS_PER_FOCUS_DAY, 4)):
        search.span = span
        tried.clear()
        days, focus = search._ejection_chain(left_out)
        assert [code for code, _ in tried] == [focus] * expected
        tried_days = [day for _, day in tried]
        assert len(set(tried_days)) == expected  # each a different day, every one of them the scene's own
        assert set(tried_days) <= set(search.start_days[focus]) and set(tried_days) <= days


@pytest.mark.parametrize("depth", [1, 2])
def test_a_shoot_in_the_way_that_cannot_move_alone_has_room_made_for_it_in_turn_as_deep_as_the_chain_goes(monkeypatch, depth):
    search = stalled_search(8)
    stay = search.problem
    schedule = {shoot.scene: shoot for shoot in greedy.solve(stay).shoots}
    search.board = lns.Board(stay, search.grid, search.mandatory, schedule, search.domains)
    monkeypatch.setattr(lns, "CHAIN_DEPTH", depth)
    monkeypatch.setattr(search, "_relocation_day", lambda code, avoid: None)  # nothing can move alone
    calls: list[tuple[str, int]] = []
    make_room = search._make_room
    monkeypatch.setattr(search, "_make_room", lambda scene, day, depth: calls.append((scene.code, depth)) or make_room(scene, day, depth))
    left_out = [scene for scene in search.placeable if scene.code not in schedule]
    assert left_out  # greedy leaves some out: the chains have something to make room for
    for _ in range(20):
        search._ejection_chain(left_out)
    focus_calls = [call for call in calls if call[1] == depth]
    deeper = [call for call in calls if call[1] < depth]
    assert focus_calls and all(code not in schedule for code, _ in focus_calls)
    if depth == 1:
        assert deeper == []
    else:
        # Room made for shoots on the board, one level down, and no further.
        assert deeper and all(code in schedule and level == 1 for code, level in deeper)

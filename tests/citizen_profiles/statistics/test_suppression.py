from citizen_profiles.statistics.suppression import Cell, needs_suppression, suppress


def test_small_numerators_and_small_remainders_are_hidden():
    assert needs_suppression(Cell("a", 4, 100))
    assert not needs_suppression(Cell("a", 5, 100))
    assert needs_suppression(Cell("a", 97, 100))  # "all but three" identifies the three
    assert not needs_suppression(Cell("a", 0, 100))  # zero identifies nobody
    assert needs_suppression(Cell("a", 0, 3))
    assert needs_suppression(Cell("a", 3))
    assert not needs_suppression(Cell("a", 12))


def test_one_hidden_cell_cannot_be_recovered_by_subtracting_from_the_total():
    cells = [Cell("a", 3, 50), Cell("b", 20, 60), Cell("c", 30, 90)]
    total = Cell("t", 53, 200)
    marked, total = suppress(cells, total=total)
    hidden = [c.key for c in marked if c.suppressed]
    assert hidden == ["a", "b"]
    shown = [c for c in marked if not c.suppressed]
    # What a reader can compute from the total and the shown cells covers two cells at least.
    assert total.numerator - sum(c.numerator for c in shown) == 23
    assert total.denominator - sum(c.denominator for c in shown) == 110


def test_two_hidden_cells_need_no_partner_and_a_hidden_total_protects_all():
    cells = [Cell("a", 3, 50), Cell("b", 2, 60), Cell("c", 30, 90)]
    marked, _ = suppress(cells, total=Cell("t", 35, 200))
    assert [c.key for c in marked if c.suppressed] == ["a", "b"]
    marked, total = suppress([Cell("a", 3, 50), Cell("b", 20, 60)], total=Cell("t", 4, 110))
    assert total.suppressed

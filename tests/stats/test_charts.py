from stats.tables import Cell, Row, Table, bar_chart


def _table(header, rows):
    return Table(
        slug="t",
        title="T",
        description="",
        header=header,
        rows=[Row(label, [Cell(value) for value in values]) for label, values in rows]
        + [Row("Total", [Cell(999)] * len(header), is_total=True)],
    )


def test_bars_are_scaled_to_the_longest_and_totals_are_left_out():
    chart = bar_chart(_table(["Count"], [("a", [10]), ("b", [40]), ("c", [0])]))
    assert chart.series == ["Count"]
    assert [bar.label for bar in chart.bars] == ["a", "b", "c"]
    assert [bar.total for bar in chart.bars] == [10, 40, 0]
    assert [[(s.x, s.width) for s in bar.segments] for bar in chart.bars] == [
        [("0.00", "25.00")],
        [("0.00", "100.00")],
        [],
    ]


def test_stacked_bars_put_each_series_after_the_previous_one():
    chart = bar_chart(
        _table(["Company", "University", "Total"], [("x", [3, 1, 4]), ("y", [0, 8, 8])]),
        stacked=True,
    )
    assert chart.series == ["Company", "University"]
    assert [bar.total for bar in chart.bars] == [4, 8]
    first, second = chart.bars
    assert [(s.series, s.x, s.width) for s in first.segments] == [
        (0, "0.00", "37.50"),
        (1, "37.50", "12.50"),
    ]
    assert [(s.series, s.x, s.width) for s in second.segments] == [(1, "0.00", "100.00")]


def test_an_empty_table_draws_no_bar_and_divides_by_nothing():
    chart = bar_chart(_table(["Count"], [("a", [0])]))
    assert chart.bars[0].segments == []

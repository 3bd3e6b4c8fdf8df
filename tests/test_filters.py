"""Shared filters round-trip through the URL; bad parameters fall back to defaults."""

from __future__ import annotations

from danvan.reading.filters import Filters, from_query_params, to_query_params

KNOWN = ["gia-lai", "hoan-kiem", "huong-tra", "nghe-an", "tra-vinh"]


def test_round_trip() -> None:
    filters = Filters(2016, 2021, ("tra-vinh", "nghe-an"), "tinh")
    params = to_query_params(filters, (2009, 2025))
    assert params == {"tu": "2016", "den": "2021", "dia_ban": "tra-vinh,nghe-an", "cap": "tinh"}
    assert from_query_params(params, KNOWN, (2009, 2025)) == filters


def test_defaults_stay_out_of_the_url() -> None:
    assert to_query_params(Filters(2009, 2025, (), "all"), (2009, 2025)) == {}


def test_garbage_is_ignored() -> None:
    filters = from_query_params({"tu": "abc", "den": "3000", "dia_ban": "xyz,tra-vinh", "cap": "?"},
                                KNOWN, (2009, 2025))
    assert filters == Filters(2009, 2025, ("tra-vinh",), "all")


def test_reversed_years_are_swapped_and_lists_accepted() -> None:
    filters = from_query_params({"tu": ["2022"], "den": ["2015"]}, KNOWN, (2009, 2025))
    assert (filters.year_from, filters.year_to) == (2015, 2022)

"""The header line of a CSV file: its separator is found whatever the columns, and a column
that is several paths joined gets a hint."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rightsrules.io.csv_header import DELIMITERS, sniff_delimiter, unsplit_hint
from rightsrules.vocabulary import FIELDS

paths = st.lists(st.sampled_from(sorted(FIELDS)), min_size=1, max_size=12)


@given(paths, st.sampled_from(DELIMITERS), st.booleans(), st.sampled_from(["", "\n", "\r\n"]))
def test_the_separator_of_any_header_is_found(
    columns: list[str], separator: str, quoted: bool, end: str
) -> None:
    cells = [f'"{column}"' if quoted else column for column in columns]
    expected = separator if len(columns) > 1 else ","  # one column: nothing to split
    assert sniff_delimiter(separator.join(cells) + end) == expected


@given(paths, st.sampled_from("|: /"))
def test_paths_joined_by_another_character_get_a_hint_and_one_path_none(
    columns: list[str], joiner: str
) -> None:
    hint = unsplit_hint(joiner.join(columns))
    if len(columns) == 1:
        assert hint is None
    else:
        assert hint is not None and f"joined by {joiner!r}" in hint

from __future__ import annotations

import pytest

from refaudit.errors import ConfigError
from refaudit.export.keys import KeySource, base_key, make_keys
from refaudit.model import Author

POKORNY = KeySource(
    (Author("Pokorny", "Thomas"),), 2017, "Effect of Psilocybin on Empathy and Moral Decisions"
)


def test_default_key_is_surname_year_first_significant_title_word() -> None:
    assert base_key(POKORNY) == "pokorny2017effect"


def test_stop_words_and_numbers_are_skipped_in_the_title_part() -> None:
    src = KeySource((Author("Preller", "K."),), 2017, "The 3 fabric of meaning")
    assert base_key(src) == "preller2017fabric"


def test_non_ascii_surnames_are_folded() -> None:
    src = KeySource((Author("Stämpfli-Ørsted", "P."),), 2019, "Über alles")
    assert base_key(src) == "stampfliorsted2019uber"


def test_missing_author_and_year_fall_back_to_anon_and_nd() -> None:
    assert base_key(KeySource((), None, "A title")) == "anonndtitle"


def test_organisation_author_uses_its_first_significant_word() -> None:
    src = KeySource((Author("", literal="The World Health Organization"),), 2020, "Report")
    assert base_key(src) == "world2020report"


def test_key_format_is_configurable() -> None:
    assert base_key(POKORNY, "{author}_{year}") == "pokorny_2017"
    assert base_key(POKORNY, "{Author}{year}{Title}") == "Pokorny2017Effect"


def test_unknown_key_format_field_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        make_keys([POKORNY], "{surname}{year}")


def test_colliding_keys_get_letter_suffixes_in_order() -> None:
    other = KeySource((Author("Pokorny", "T."),), 2017, "Effects of something else")
    assert make_keys([POKORNY, other, POKORNY]) == (
        "pokorny2017effecta",
        "pokorny2017effects",
        "pokorny2017effectb",
    )


def test_user_keys_are_kept_and_a_repeated_user_key_gets_a_suffix() -> None:
    keys = make_keys([KeySource(user_key="Smith2020"), KeySource(user_key="Smith2020"), POKORNY])
    assert keys == ("Smith2020", "Smith2020a", "pokorny2017effect")


def test_generated_key_never_takes_a_user_key() -> None:
    keys = make_keys([KeySource(user_key="pokorny2017effect"), POKORNY])
    assert keys == ("pokorny2017effect", "pokorny2017effecta")


def test_keys_are_stable_when_unrelated_entries_are_added() -> None:
    other = KeySource((Author("Mason", "N."),), 2019, "Sub-acute effects")
    assert make_keys([POKORNY])[0] == make_keys([other, POKORNY])[1]

import json
from pathlib import Path

from refaudit.resolve.crossref import date_from_parts, fetch_work, search, work_from_message
from refaudit.resolve.http import HttpClient
from tests.fakeserver import FixtureServer

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "crossref" / "works"
# Trimmed copies of real recorded answers (references, licences and links dropped).
RECORDED = FIXTURES.parent / "recorded"


def _message(name: str, folder: Path = FIXTURES) -> dict:
    return json.loads((folder / name).read_text(encoding="utf-8"))["message"]


def test_date_parts_with_year_only_month_or_null() -> None:
    assert date_from_parts({"date-parts": [[2018, 6, 1]]}) == "2018-06-01"
    assert date_from_parts({"date-parts": [[2019]]}) == "2019"
    assert date_from_parts({"date-parts": [[None]]}) == ""
    assert date_from_parts(None) == ""


def test_article_number_and_online_only_date() -> None:
    work = work_from_message(_message("10.1038%2Fs41598-019-51974-4.json"))
    assert work.article_number == "16324"
    assert work.pages == ""
    assert work.published_online == "2019-11"
    assert work.published_print == ""
    assert work.year == 2019
    assert work.short_container == "Sci Rep"


def test_online_and_print_years_both_kept() -> None:
    work = work_from_message(_message("10.1037%2Fadb0000935.json"))
    assert (work.year, work.published_online, work.published_print) == (
        2023,
        "2023-06-05",
        "2024-02",
    )
    assert (work.volume, work.issue, work.pages) == ("38", "1", "101-113")


def test_posted_content_takes_its_server_as_container() -> None:
    work = work_from_message(_message("10.21203%2Frs.3.rs-7420529%2Fv1.json"))
    assert work.type == "posted-content"
    assert work.container == "Research Square"
    assert work.issued == "2025-08-22"


def test_updated_by_from_publisher_and_retraction_watch() -> None:
    work = work_from_message(_message("10.5555%2Fretracted.2020.json"))
    assert {(u.type, u.source) for u in work.updated_by} == {
        ("retraction", "publisher"),
        ("retraction", "retraction-watch"),
    }
    notice = work_from_message(_message("10.5555%2Fretraction.2021.json"))
    assert notice.update_to[0].doi == "10.5555/retracted.2020"


def test_recorded_jats_abstract_becomes_plain_text() -> None:
    work = work_from_message(
        _message("work_journal-article_sci-rep_jats-abstract_article-number_2026.json", RECORDED)
    )
    assert work.abstract.startswith("Abstract Oligomers of alpha-synuclein")
    assert "<" not in work.abstract
    assert work.article_number == "16696"


def test_recorded_preprint_relation_and_null_date() -> None:
    preprint = work_from_message(
        _message("work_posted-content_research-square_10.21203_is-preprint-of.json", RECORDED)
    )
    assert preprint.relations[0].type == "is-preprint-of"
    assert preprint.relations[0].id == "10.1186/s13063-019-3980-5"
    chapter = json.loads(
        (RECORDED / "item_book-chapter_issued-null-date-parts_2026.json").read_text(
            encoding="utf-8"
        )
    )
    assert work_from_message(chapter).year is None or work_from_message(chapter).year > 1000


def test_organisation_author_keeps_its_name() -> None:
    work = work_from_message({"DOI": "10.1/x", "author": [{"name": "WHO", "sequence": "first"}]})
    assert work.authors[0].literal == "WHO"
    assert work.authors[0].family == ""


def test_fetch_work_404_is_none_and_found_is_work(server: FixtureServer, make_settings) -> None:
    client = HttpClient(make_settings(server.url, use_cache=False))
    assert fetch_work(client, server.url, "10.1371/notarealdoi") is None
    assert fetch_work(client, server.url, "10.1093/ijnp/pyx047").volume == "20"


def test_sici_doi_is_sent_percent_encoded(server: FixtureServer, make_settings) -> None:
    client = HttpClient(make_settings(server.url, use_cache=False))
    fetch_work(client, server.url, "10.1002/(sici)1097-4679(200006)56:6<735::aid-jclp4>3.0.co;2-j")
    assert server.seen[-1].path.startswith("/works/10.1002%2F%28sici%29")


def test_search_returns_scored_hits(server: FixtureServer, make_settings) -> None:
    client = HttpClient(make_settings(server.url, use_cache=False))
    hits = search(client, server.url, "Pokorny 2017 Effect of psilocybin on empathy")
    assert hits[0].work.doi == "10.1093/ijnp/pyx047"
    assert hits[0].score is not None and hits[0].score > 0
    assert server.seen[-1].query["query.bibliographic"] == [
        "Pokorny 2017 Effect of psilocybin on empathy"
    ]

"""A crowd worker's answer that is a formula reaches the client's results CSV
as text: Excel shows ``=HYPERLINK(...)``, it does not run it."""

import csv
import io

import pytest

from . import test_client_results as results

PLANTED = {"電話番号": '=HYPERLINK("http://x","y")', "営業時間": "-2+3"}


@pytest.fixture
def planted(world, planning, monkeypatch):
    monkeypatch.setattr(results, "ALICE_ANSWER", PLANTED)
    for worker in (world.alice, world.bob):
        results.certify(worker, world.category, skill=results.f.article_skill())
    results._batch(world, planning, "店舗データ入力")
    return results._deliver(world, planning)


def test_client_results_csv_keeps_a_workers_formula_as_text(world, client, planted):
    client.force_login(world.contact)
    response = client.get(results._csv_url(planted))
    assert response.status_code == 200
    text = results._body(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][4:6] == ["電話番号", "営業時間"]
    assert [row[4:6] for row in rows[1:]] == [
        ["'" + PLANTED["電話番号"], "'-2+3"],
        ["'" + PLANTED["電話番号"], "'-2+3"],
    ]
    assert rows[1][0] == "1"  # the row number is still a number

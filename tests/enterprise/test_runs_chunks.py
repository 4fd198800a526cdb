"""A run's items go out in chunks that let the workers finish together
(issue 15): whole chunks first, the last two chunks' worth in halves, so a
worker that takes the last chunk works half a chunk while the others idle,
not a whole one. Every key is in exactly one chunk, in order."""

from enterprise import runs


def _sizes(count: int, size: int) -> list[int]:
    keys = list(range(count))
    parts = runs.chunks(keys, size)
    assert [key for part in parts for key in part] == keys
    return [len(part) for part in parts]


def test_the_payout_runs_last_two_chunks_go_out_in_halves():
    # 5,000 workers in chunks of 200: 23 whole, then four of 100 (were 25
    # whole: 13 and 12 on two workers).
    assert _sizes(5000, 200) == [200] * 23 + [100] * 4


def test_the_month_closes_last_two_chunks_go_out_in_halves():
    assert _sizes(1000, 50) == [50] * 18 + [25] * 4


def test_an_uneven_tail_is_cut_into_near_equal_parts():
    assert _sizes(4950, 200) == [200] * 23 + [87, 88, 87, 88]
    assert _sizes(401, 200) == [200, 50, 50, 50, 51]


def test_a_run_of_one_chunk_or_none_is_not_cut():
    assert _sizes(150, 200) == [150]
    assert _sizes(200, 200) == [200]
    assert runs.chunks([], 200) == []

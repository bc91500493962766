"""ui.cache.cached: a view is computed once per dataset version and argument values, and only
the dataset's own frames (or earlier cached results) may be passed to it."""
import dataclasses

import pytest

from ui.cache import cached

CALLS = []


def first_cargoes(cargoes, count):
    """The first `count` cargo ids (a stand-in for an analysis view)."""
    CALLS.append(count)
    return cargoes["cargo_id"].head(count)


def joined(ids, separator):
    CALLS.append(separator)
    return separator.join(ids)


def test_a_view_is_computed_once_per_dataset_and_arguments(seed):
    CALLS.clear()
    first = cached(seed, first_cargoes, seed.cargoes, 2)
    assert first.tolist() == ["C01", "C02"]
    assert cached(seed, first_cargoes, seed.cargoes, 2) is first and CALLS == [2]
    assert cached(seed, first_cargoes, seed.cargoes, 3).tolist() == ["C01", "C02", "C03"] and CALLS == [2, 3]
    # Another dataset object (as after an edit on the data desk) is another version.
    edited = dataclasses.replace(seed)
    assert cached(edited, first_cargoes, edited.cargoes, 2) is not first and CALLS == [2, 3, 2]


def test_a_cached_result_can_feed_another_view(seed):
    CALLS.clear()
    ids = cached(seed, first_cargoes, seed.cargoes, 4)
    assert cached(seed, joined, ids, "; ") == "C01; C02; C03; C04"
    assert cached(seed, joined, ids, "; ") == "C01; C02; C03; C04" and CALLS == [4, "; "]


@dataclasses.dataclass(frozen=True)
class Firsts:
    ids: object
    count: int


def firsts(cargoes, count):
    CALLS.append(("firsts", count))
    return Firsts(cargoes["cargo_id"].head(count), count)


def test_the_frames_of_a_cached_dataclass_can_feed_another_view(seed):
    CALLS.clear()
    got = cached(seed, firsts, seed.cargoes, 2)
    assert cached(seed, joined, got.ids, "/") == "C01/C02"
    assert cached(seed, joined, cached(seed, firsts, seed.cargoes, 2).ids, "/") == "C01/C02"
    assert CALLS == [("firsts", 2), "/"]


def test_other_frames_are_refused(seed):
    with pytest.raises(TypeError, match="not other frames"):
        cached(seed, first_cargoes, seed.cargoes.head(3), 2)

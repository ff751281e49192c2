"""The IKM of PermenPAN-RB 14/2017 worked by hand, its grade bounds, and the one-tap rating."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from kiosk.domain import skm
from kiosk.domain.catalog import tr


def test_three_questionnaires_worked_by_hand():
    answers = [(4, 3, 3, 4, 3, 4, 4, 3, 3),
               (3, 3, 2, 4, 3, 3, 4, 3, 2),
               (4, 4, 3, 4, 3, 4, 4, 2, 3)]
    # element sums 11 10 8 12 9 11 12 8 8 = 89; NRR 3.667 3.333 2.667 4 3 3.667 4 2.667 2.667
    # Σ NRR × 1/9 = 89/27 = 3.2963; × 25 = 82.407 → 82.41, grade B
    result = skm.ikm(answers)
    assert result.respondents == 3
    assert [round(n, 3) for n in result.nrr] == [3.667, 3.333, 2.667, 4.0, 3.0, 3.667, 4.0, 2.667, 2.667]
    assert result.value == 82.41 and result.grade == "B"
    doc = result.to_json()
    assert doc["elements"][0] == {"element": "u1", "nrr": 3.667} and len(doc["elements"]) == 9


def test_every_answer_the_same_gives_25_times_that_answer():
    for score, grade in ((4, "A"), (3, "C"), (2, "D"), (1, "D")):
        result = skm.ikm([(score,) * 9] * 5)
        assert (result.value, result.grade) == (25 * score, grade)


def test_no_questionnaires_give_no_index():
    result = skm.ikm([])
    assert (result.value, result.grade, result.respondents) == (None, None, 0)
    assert result.to_json()["elements"][8] == {"element": "u9", "nrr": None}


@pytest.mark.parametrize("value,grade", [
    (100, "A"), (88.31, "A"), (88.305, "A"), (88.3049, "B"), (88.30, "B"), (76.61, "B"), (76.605, "B"),
    (76.6049, "C"), (76.60, "C"), (65.00, "C"), (64.995, "C"), (64.99, "D"), (25.00, "D"),
])
def test_the_grade_bounds_of_the_regulation(value, grade):
    assert skm.grade(value) == grade


def test_an_index_from_sums_equals_the_index_from_answers():
    answers = [(4, 4, 3, 4, 3, 4, 4, 3, 4), (2, 3, 3, 4, 3, 2, 4, 3, 3)]
    sums = [sum(col) for col in zip(*answers)]
    assert skm.ikm_from_sums(sums, 2) == skm.ikm(answers)


def test_answers_of_a_form_name_the_element_that_is_wrong():
    good = {f"u{i}": "3" for i in range(1, 10)}
    assert skm.answers_of(good) == (3,) * 9
    with pytest.raises(skm.SurveyError) as err:
        skm.answers_of({**good, "u4": "5"})
    assert err.value.key == "skm.error.element" and err.value.params["element"] == "U4"
    with pytest.raises(skm.SurveyError) as err:
        skm.answers_of({k: v for k, v in good.items() if k != "u9"})
    assert "U9" in tr(err.value.key, "id", **err.value.params)
    for bad in (0, 5, "x", True, None, 2.5):
        with pytest.raises(skm.SurveyError):
            skm.valid_score(bad)


def test_one_tap_ratings_have_their_own_index():
    ratings = skm.rating_index([4, 4, 3, 2, 4])
    # mean 3.4 → index 85.00, grade B
    assert (ratings.count, ratings.mean, ratings.value, ratings.grade) == (5, 3.4, 85.0, "B")
    assert ratings.to_json()["scores"] == {"1": 0, "2": 1, "3": 1, "4": 3}
    assert skm.NO_RATINGS.value is None and skm.NO_RATINGS.to_json()["mean"] is None


def test_every_element_and_grade_has_words_in_both_languages():
    for code in skm.ELEMENTS:
        assert tr(skm.ELEMENT_NAMES[code], "id") and tr(skm.ELEMENT_NAMES[code], "en")
    assert tr(skm.GRADE_NAMES["A"], "id") == "Sangat Baik"
    assert [tr(skm.SCORE_NAMES[s], "id") for s in skm.SCALE] == ["Tidak baik", "Kurang baik", "Baik", "Sangat baik"]


answer_sets = st.lists(st.tuples(*[st.integers(1, 4)] * 9), min_size=1, max_size=40)


@given(answer_sets)
def test_the_index_lies_between_25_and_100_and_ignores_the_order_of_respondents(answers):
    result = skm.ikm(answers)
    assert 25 <= result.value <= 100
    assert skm.ikm(list(reversed(answers))) == result
    assert result.grade == skm.grade(result.value)


@given(answer_sets, st.integers(0, 8))
def test_a_better_answer_never_lowers_the_index(answers, element):
    row = list(answers[0])
    if row[element] == 4:
        return
    row[element] += 1
    assert skm.ikm([tuple(row)] + answers[1:]).value >= skm.ikm(answers).value


@given(st.floats(25, 100), st.floats(25, 100))
def test_grades_never_get_worse_as_the_value_rises(a, b):
    lo, hi = sorted((a, b))
    assert "ABCD".index(skm.grade(hi)) <= "ABCD".index(skm.grade(lo))

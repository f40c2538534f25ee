"""The medical-term guard: finds listed terms in any free text, whatever the case or accents."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poortwachter.conversations.medical_terms import MedicalTerms, check_free_text, default_terms
from poortwachter.errors import MedicalTermError, ParameterFileError

WORK_WORDS = ["planning", "taken", "uren", "overleg", "team", "klant", "rooster", "werkplek"]
TERMS = sorted(t for t in default_terms().terms if not t.endswith("*"))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(WORK_WORDS), max_size=6),
    st.sampled_from(TERMS),
    st.lists(st.sampled_from(WORK_WORDS), max_size=6),
    st.sampled_from([str.lower, str.upper, str.title]),
)
def test_a_listed_term_among_work_words_is_found(
    before: list[str], term: str, after: list[str], case: object
) -> None:
    text = " ".join([*before, case(term), *after]) + "."  # type: ignore[operator]
    assert term.casefold().replace("è", "e") in default_terms().find(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(WORK_WORDS), min_size=1, max_size=12))
def test_work_words_alone_are_not_medical(words: list[str]) -> None:
    assert default_terms().find(" ".join(words)) == []


def test_stems_match_longer_words_and_accents_do_not_hide_a_term() -> None:
    terms = default_terms()
    assert terms.find("Hij voelt zich depressief") == ["depressief"]
    assert terms.find("BÈTABLOKKERS") == ["betablokkers"]
    assert terms.find("niet-medische factoren; een IT-specialist") == []


def test_refuse_names_the_field_and_the_term_warn_returns_them() -> None:
    fields = [("action", "Takenlijst maken"), ("note", "na de operatie")]
    [finding] = check_free_text(fields, "warn", event_type="agreement_made")
    assert (finding.field, finding.term) == ("note", "operatie")
    with pytest.raises(MedicalTermError) as info:
        check_free_text(fields, "refuse", event_type="agreement_made")
    assert (info.value.field, info.value.term) == ("note", "operatie")
    assert "rephrased" in str(info.value)


def test_an_organisation_list_is_read_strictly(tmp_path: Path) -> None:
    own = tmp_path / "terms.yaml"
    own.write_text("diagnoses:\n  nl: [jicht]\n", encoding="utf-8")
    assert MedicalTerms.load(own).find("Jicht in de voet") == ["jicht"]
    own.write_text("diagnoses: [jicht]\n", encoding="utf-8")
    with pytest.raises(ParameterFileError):
        MedicalTerms.load(own)

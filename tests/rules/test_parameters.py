"""The strict loader of config/rules: broken files fail with file, key and reason."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from poortwachter.errors import ParameterFileError, ParameterNotFoundError
from poortwachter.rules.parameters import REQUIRED_PARAMETERS, ParameterSet, config_dir

INVALID = Path(__file__).parent / "invalid_params"
D = dt.date


@pytest.mark.parametrize(
    ("name", "key", "fragment"),
    [
        ("duplicate_date", "line 7", "duplicate key 2002-04-01 (first on line 5)"),
        ("missing_reference", "values.2002-04-01", "no legal reference"),
        ("bad_date_key", "values", "is not an ISO date"),
        ("unknown_key", "valeus", "unknown key"),
        ("bad_value", "values.2002-04-01.value", "valid integer"),
        ("bad_href", "reference.href", "should match pattern"),
        ("not_yaml", "line 2", "invalid YAML"),
    ],
)
def test_broken_parameter_file_names_file_key_and_reason(
    tmp_path: Path, name: str, key: str, fragment: str
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(config_dir() / "rules", rules)
    shutil.copy(INVALID / f"{name}.yaml", rules / f"{name}.yaml")
    with pytest.raises(ParameterFileError) as err:
        ParameterSet.load(rules)
    assert err.value.file.endswith(f"{name}.yaml")
    assert err.value.key is not None
    assert key in err.value.key
    assert fragment in err.value.reason
    assert f"{name}.yaml" in str(err.value)


def test_a_missing_required_parameter_is_named(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(config_dir() / "rules", rules)
    (rules / "waiting_period_weeks.yaml").unlink()
    with pytest.raises(ParameterFileError, match=r"missing parameter file\(s\): waiting_period"):
        ParameterSet.load(rules)


def test_shipped_rules_load_and_every_value_has_a_reference() -> None:
    params = ParameterSet.load()
    assert set(REQUIRED_PARAMETERS) <= set(params.names())
    for name in params.names():
        for value in params.history(name):
            assert value.reference.href.startswith("https://")
            assert value.reference.article


def test_value_in_force_on_a_date_and_its_version() -> None:
    params = ParameterSet.load()
    old = params.at("wia_application_week", D(2013, 6, 30))
    new = params.at("wia_application_week", D(2013, 7, 1))
    assert (old.value, old.version) == (91, "wia_application_week@2005-12-29")
    assert (new.value, new.version) == (93, "wia_application_week@2013-07-01")


def test_a_date_before_the_first_value_is_a_clear_error() -> None:
    params = ParameterSet.load()
    with pytest.raises(ParameterNotFoundError) as err:
        params.at("uwv_sick_report_week", D(2008, 12, 31))
    assert err.value.earliest == D(2009, 1, 1)
    assert "uwv_sick_report_week" in str(err.value)
    assert "2009-01-01" in str(err.value)

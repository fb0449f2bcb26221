"""`python manage.py pb_tally FILE.pb --rule RULE [--timing]`, end to end (no database)."""

import os
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from budgets.tests.tally.shared_files import PABULIB, REPO_ROOT, reference

TIMING = re.compile(r"^parse_s=\d+\.\d+ rule_s=\d+\.\d+$")


def _manage_py(*args: str) -> subprocess.CompletedProcess:
    """manage.py as a user runs it: default settings, no database configured."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def _pb_tally(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("pb_tally", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(("name", "rule", "key"), [
    ("Poland_Czestochowa_2020_Grabowka.pb", "greedy", "greedy"),
    ("Netherlands_Assen_2024.pb", "greedy-threshold", "greedy"),
    ("Poland_Czestochowa_2024_Grabowka.pb", "mes", "mes"),
    ("Netherlands_Assen_2024.pb", "mes-add1", "auto"),
    ("Netherlands_Amsterdam_304.pb", "mes-completed", "mes_completed"),
    ("Netherlands_Assen_2024.pb", "auto", "auto"),
    ("Poland_Czestochowa_2024_Tysiaclecie.pb", "auto", "auto"),
    ("Poland_Katowice_2023.pb", "auto", "auto"),
    ("Poland_Wieliczka_2023_Green_Budget.pb", "auto", "auto"),
    ("US_Stanford_Dataset_PB_Cambridge_2015_vote_knapsacks.pb", "auto", "auto"),
])
def test_pb_tally_prints_the_winners_one_per_line_in_byte_order(name, rule, key):
    # given
    expected = reference()["instances"][name][key]
    # when
    out, err = _pb_tally(str(PABULIB / name), "--rule", rule)
    # then
    assert out.splitlines() == expected
    assert out.splitlines() == sorted(expected, key=lambda pid: pid.encode())
    assert err == ""


def test_pb_tally_timing_prints_exactly_one_line_on_stderr():
    # given
    path = str(PABULIB / "Netherlands_Assen_2024.pb")
    # when
    out, err = _pb_tally(path, "--rule", "mes-completed", "--timing")
    # then
    assert len(err.splitlines()) == 1
    assert TIMING.match(err.splitlines()[0])
    assert out.splitlines() == reference()["instances"]["Netherlands_Assen_2024.pb"][
        "mes_completed"]


def test_pb_tally_refuses_a_missing_file_with_a_clear_message():
    # when / then
    with pytest.raises(CommandError, match="cannot read"):
        _pb_tally(str(PABULIB / "no-such-file.pb"))


def test_pb_tally_refuses_a_file_without_budget(tmp_path):
    # given
    path = tmp_path / "bad.pb"
    path.write_text("META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
                    "1;10\nVOTES\nvoter_id;vote\n1;1\n", encoding="utf-8")
    # when / then
    with pytest.raises(CommandError, match="META has no budget"):
        _pb_tally(str(path))


def test_pb_tally_refuses_a_vote_for_an_unknown_project(tmp_path):
    # given
    path = tmp_path / "bad.pb"
    path.write_text("META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\n"
                    "project_id;cost\n1;10\nVOTES\nvoter_id;vote\n1;1,7\n", encoding="utf-8")
    # when / then
    with pytest.raises(CommandError, match="unknown project"):
        _pb_tally(str(path), "--rule", "greedy")


def test_pb_tally_refuses_an_unknown_rule():
    # when / then
    with pytest.raises(CommandError, match="invalid choice"):
        _pb_tally(str(PABULIB / "Netherlands_Assen_2024.pb"), "--rule", "borda")


def test_pb_tally_runs_from_manage_py_without_database_settings():
    # given
    path = str(PABULIB / "Poland_Czestochowa_2020_Grabowka.pb")
    # when
    done = _manage_py("pb_tally", path, "--rule", "auto", "--timing")
    # then
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == reference()["instances"][
        "Poland_Czestochowa_2020_Grabowka.pb"]["auto"]
    assert TIMING.match(done.stderr.strip())


def test_pb_tally_reports_a_bad_file_without_a_traceback(tmp_path):
    # given
    path = tmp_path / "bad.pb"
    path.write_text("META\nkey;value\nbudget;lots\nvote_type;approval\n", encoding="utf-8")
    # when
    done = _manage_py("pb_tally", str(path))
    # then
    assert done.returncode == 1
    assert "budget is not a number" in done.stderr
    assert "Traceback" not in done.stderr

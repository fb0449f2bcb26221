"""Each app plugs into the civic core by having a module named after the hook."""

from django.conf import settings

from civic import commentable
from civic.plugins import app_modules
from civic.services.personal_data import contributors


def test_personal_data_contributors_are_found_in_every_app_that_has_one():
    assert [label for label, _module in contributors()] == [
        "civic", "budgets", "petitions", "commissions", "verification"]


def test_reminder_sources_and_demos_are_found_in_installed_apps_order():
    assert [label for label, _m in app_modules("reminders")] == ["budgets", "petitions"]
    # the back office's demo (frontend) comes last: it works on every module's data
    assert [label for label, _m in app_modules("demo")] == [
        "civic", "budgets", "petitions", "commissions", "frontend"]


def test_commentable_objects_are_those_the_apps_list():
    assert set(commentable.registered_labels()) >= {
        "budgets.proposal", "budgets.budgetline", "petitions.citizeninitiative"}


def test_beat_schedule_holds_the_periodic_jobs_of_every_app():
    prefixes = {name.split("-")[0] for name in settings.CELERY_BEAT_SCHEDULE}
    assert {"civic", "budgets", "petitions", "commissions"} <= prefixes

"""A focal point's draft as the fault tests drive it: started from the dashboard, saved from
its page by posting the form or as the page's script does, and read back from the database."""

from __future__ import annotations

from tests.faults.client import Browser, QuestionnaireForm
from tests.faults.conftest import start_draft

FIELD = "focal_point_name"  #: a text answer of the pre-meeting questionnaire's first section
JSON = {"Accept": "application/json"}


def fresh_commission(site) -> str:
    """A demo commission whose focal point (reading English, as the tests do) has not
    started anything yet."""
    iso2 = site.scalar(
        "SELECT c.iso2 FROM commissions c "
        "JOIN users u ON u.email = 'focal.' || lower(c.iso2) || '@example.org' "
        "WHERE u.language = 'en' "
        "AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.commission_id = c.id) "
        "AND c.iso2 <> 'MA' ORDER BY c.iso2 LIMIT 1"
    )
    assert iso2, "no demo commission left without a submission"
    return iso2


class Draft:
    """A focal point's draft, saved from its page (the form, or the page's script)."""

    def __init__(self, site, browser: Browser, submission_id: int):
        self.site, self.browser, self.id = site, browser, submission_id
        self.path = f"/submissions/{self.id}"
        self.reload()

    @classmethod
    def start(cls, site) -> Draft:
        """A new draft of a commission that had none, by its focal point."""
        browser = Browser(site.url)
        return cls(site, browser, start_draft(browser, site, fresh_commission(site)))

    def another_tab(self) -> Draft:
        """The same draft opened by the same person elsewhere (a session of its own)."""
        browser = Browser(self.site.url)
        browser.login(self.browser.signed_in_as)
        return Draft(self.site, browser, self.id)

    def reload(self) -> None:
        """Read the page again (its token and the version it shows)."""
        answer = self.browser.get(self.path)
        assert answer.status == 200, (answer.status, answer.text[:300])
        self.form = QuestionnaireForm(answer.text)
        self.version = int(self.form.value("loaded_version"))

    def post(self, value: str, *, script: bool = False):
        fields = self.form.with_values(
            **{FIELD: value, "loaded_version": str(self.version), "intent": "save"}
        )
        return self.browser.post(f"{self.path}/answers", fields, headers=JSON if script else None)

    def stored(self) -> tuple[str | None, int]:
        """(the stored answer, the submission's version) in the database."""
        return self.site.query(
            f"SELECT answers->>'{FIELD}', version FROM submissions WHERE id = %s", self.id
        )[0]

    def saved_values(self) -> set[str]:
        """Every value the field had in any stored version of the answers."""
        rows = self.site.query(
            f"SELECT answers->>'{FIELD}' FROM answer_versions WHERE submission_id = %s", self.id
        )
        return {value for (value,) in rows if value is not None}

    def saved_at_version(self, version: int) -> str | None:
        """The field's value in the answers the save that left ``version`` stored."""
        return self.site.scalar(
            f"SELECT a.answers->>'{FIELD}' FROM submission_history h "
            "JOIN answer_versions a ON a.submission_id = h.submission_id "
            "AND a.number = h.answers_version "
            "WHERE h.submission_id = %s AND h.submission_version = %s",
            self.id,
            version,
        )

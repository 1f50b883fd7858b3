"""The three roles. Workflows name them in their ``roles:`` lists."""

from app.core.i18n import _

COMMISSION = "commission"
REVIEWER = "reviewer"
SECRETARIAT = "secretariat"
ROLES = (COMMISSION, REVIEWER, SECRETARIAT)

#: how pages name the roles
ROLE_LABELS = {
    COMMISSION: _("Commission"),
    REVIEWER: _("Reviewer"),
    SECRETARIAT: _("Secretariat"),
}

"""The three roles. Workflows name them in their ``roles:`` lists."""

COMMISSION = "commission"
REVIEWER = "reviewer"
SECRETARIAT = "secretariat"
ROLES = (COMMISSION, REVIEWER, SECRETARIAT)

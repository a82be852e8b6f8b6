"""The Django permissions each role needs for the accountability pages.

departments/roles.py owns the role table; these entries are meant to be merged into its
ROLE_PERMISSIONS (the auditor already gets every view permission of this app). Steps on
violations are decided per violation by penalties/permissions.py, not by these.
"""

from departments.roles import Role

LEDGER = ("violation", "penalty", "commendation", "annualrating")
RULES = ("penaltyruleset", "penaltyrule", "sanction", "escalationrule")


def _perms(models, *actions):
    return [f"penalties.{action}_{model}" for model in models for action in actions]


PENALTY_ROLE_PERMISSIONS = {
    # Heads see their departments' violations (and answer self-checks), penalties, ratings.
    Role.HEAD: _perms(LEDGER, "view"),
    # Supervisors record, decide and commend through the action buttons: view is enough.
    Role.SUPERVISOR: _perms(LEDGER + RULES, "view"),
    Role.ADMINISTRATOR: _perms(LEDGER, "view") + _perms(RULES, "view", "add", "change"),
}

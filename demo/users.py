"""Demo sign-ins, one per role, for the demo partnership (`manage.py load_demo`)."""

from accounts.models import RoleName, User
from accounts.services import role_grant
from partnership.models import Partnership, Person

DEMO_PASSWORD = "csphub-demo"  # noqa: S105 - printed for the demo; never used in production

# (e-mail, full name, role, initials of their Person record or "")
DEMO_USERS = [
    ("coordinator@example.org", "Sarah Robson", RoleName.COORDINATOR, "SR"),
    ("member@example.org", "John Littlemore", RoleName.MEMBER, "JL"),
    ("viewer@example.org", "Scrutiny Officer (demo)", RoleName.VIEWER, ""),
]


def load_users(partnership: Partnership) -> list[tuple[str, str]]:
    """Create or refresh one demo sign-in per role; return (e-mail, role) pairs."""
    created = []
    for email, full_name, role, initials in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, full_name=full_name
            )
        role_grant(user=user, partnership=partnership, role=role)
        if initials:
            Person.objects.filter(partnership=partnership, initials=initials).update(user=user)
        created.append((email, role.label))
    return created

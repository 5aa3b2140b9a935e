"""The newsroom's roles, as Django groups, and the permissions each holds.

Kept in one place so that the data migration, the demo set-up and the tests agree.
"""

EDITORS = "Editors"
CONTRIBUTORS = "Contributors"

CONTRIBUTOR_PERMISSIONS = [
    "claims.add_claim",
    "claims.change_claim",
    "claims.delete_claim",  # drafts only: services refuse deleting a claim that was published
    "claims.view_claim",
    "claims.add_evidence",
    "claims.change_evidence",
    "claims.delete_evidence",
    "claims.view_evidence",
    "claims.add_claimlink",
    "claims.change_claimlink",
    "claims.delete_claimlink",
    "claims.view_claimlink",
    "claims.add_speaker",
    "claims.change_speaker",
    "claims.view_speaker",
    "claims.add_speakeralias",
    "claims.change_speakeralias",
    "claims.delete_speakeralias",
    "claims.view_speakeralias",
    "claims.view_topic",
    "sources.add_source",
    "sources.change_source",
    "sources.view_source",
    "sources.add_citation",
    "sources.change_citation",
    "sources.delete_citation",
    "sources.view_citation",
    "sources.view_outlet",
    "sources.view_outletdomain",
]

EDITOR_PERMISSIONS = [
    *CONTRIBUTOR_PERMISSIONS,
    "claims.publish_claim",
    "claims.retract_claim",
    "claims.override_credibility",
    "claims.rate_speaker",
    "claims.delete_speaker",
    "claims.add_topic",
    "claims.change_topic",
    "claims.delete_topic",
    "sources.rate_outlet",
    "sources.add_outlet",
    "sources.change_outlet",
    "sources.delete_outlet",
    "sources.add_outletdomain",
    "sources.change_outletdomain",
    "sources.delete_outletdomain",
    "sources.delete_source",
]

ROLE_PERMISSIONS = {CONTRIBUTORS: CONTRIBUTOR_PERMISSIONS, EDITORS: EDITOR_PERMISSIONS}


def ensure_roles() -> None:
    """Create the role groups with their permissions if they are missing (the migration made
    them; a database emptied since, e.g. by `flush`, has lost them)."""
    from django.contrib.auth.models import Group, Permission

    for group_name, codenames in ROLE_PERMISSIONS.items():
        group, created = Group.objects.get_or_create(name=group_name)
        if not created:
            continue
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )

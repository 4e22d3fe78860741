"""Audit log registration: every change to directory records is kept with who, when and what."""


def register_models() -> None:
    from auditlog.registry import auditlog

    from silkbridge.accounts.models import Invitation, User
    from silkbridge.directory.models import Organisation, Person, SourceRecord, Term

    auditlog.register(
        Organisation,
        exclude_fields=["search_text", "updated_at"],
        m2m_fields={"sectors", "technologies", "services"},
    )
    auditlog.register(Person)
    auditlog.register(Term)
    auditlog.register(SourceRecord)
    auditlog.register(Invitation, exclude_fields=["token_hash"])
    auditlog.register(
        User, include_fields=["email", "full_name", "platform_role", "is_active", "is_staff"]
    )

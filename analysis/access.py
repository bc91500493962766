"""Who may do what: the identity a change is recorded under, and the roles an access list gives.

With sign-in on, the identity comes from the provider's ID token (issuer, subject, e-mail,
groups) and the store checks every write against `AccessPolicy`, whatever the page showed.
Roles, each able to do what the one before can:

- viewer: reads every page and the change log, exports;
- editor: adds, corrects and imports records, undoes own changes;
- admin: also deletes records and undoes other people's changes.

A signed-in account that no list admits is refused and sees nothing. Without sign-in (a
single-user local session) a writer is just the name typed, and no check applies.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

ROLES = ("refused", "viewer", "editor", "admin")
NEEDS = {"write": "editor", "undo own": "editor", "delete": "admin", "undo other": "admin"}  # least role
LOGGER = logging.getLogger("corridor.access")


class WriteRefused(PermissionError):
    """A write asked for by an identity whose role does not allow it; nothing was written."""


@dataclass(frozen=True)
class Writer:
    """Who makes a change: a verified identity (issuer and subject set) or a typed name."""

    name: str
    issuer: str | None = None
    subject: str | None = None
    email: str | None = None
    email_verified: bool = False
    groups: tuple[str, ...] = ()

    @property
    def verified(self) -> bool:
        return bool(self.issuer and self.subject)

    @classmethod
    def of(cls, user: str | Writer) -> Writer:
        """A writer as given, or one known only by a typed name."""
        return user if isinstance(user, Writer) else cls(name=str(user))

    @classmethod
    def from_claims(cls, claims: Mapping[str, object], group_claim: str = "groups") -> Writer:
        """The writer an ID token's claims describe (`st.user` holds them): named by e-mail, else
        name, else subject. An e-mail counts for the access lists only when the provider says it
        is verified (`email_verified`) or does not say."""
        email = _text(claims.get("email"))
        groups = claims.get(group_claim) or ()
        return cls(name=email or _text(claims.get("name")) or _text(claims.get("sub")) or "",
                   issuer=_text(claims.get("iss")), subject=_text(claims.get("sub")), email=email,
                   email_verified=email is not None and claims.get("email_verified", True) is not False,
                   groups=(str(groups),) if isinstance(groups, str) else tuple(str(g) for g in groups))

    def logged(self) -> dict[str, str | None]:
        """The change log's identity fields for this writer."""
        return {"user": self.name, "issuer": self.issuer, "subject": self.subject, "email": self.email}

    def made(self, change: Mapping[str, object]) -> bool:
        """Whether a logged change was made by this same verified identity."""
        return self.verified and change.get("issuer") == self.issuer and change.get("subject") == self.subject


def _text(value: object) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


def _names(section: Mapping[str, object], key: str) -> tuple[str, ...]:
    value = section.get(key, ())
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"[access] {key} must be a list of text, e.g. {key} = [\"a@example.org\"]")
    return tuple(v.strip().lower() for v in value if v.strip())


@dataclass(frozen=True)
class AccessPolicy:
    """The access lists of the secrets' [access] section.

    `viewers`, `editors`, `admins`: e-mail addresses, or "@example.org" for a whole domain.
    `viewer_groups`, `editor_groups`, `admin_groups`: values of the ID token's `group_claim`.
    With no viewer list, anyone the provider signs in is a viewer. `session_hours`: how long a
    sign-in lasts before Corridor asks for it again (hours since the ID token was issued).
    """

    viewers: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    admins: tuple[str, ...] = ()
    viewer_groups: tuple[str, ...] = ()
    editor_groups: tuple[str, ...] = ()
    admin_groups: tuple[str, ...] = ()
    group_claim: str = "groups"
    session_hours: float = 12.0

    KEYS = ("viewers", "editors", "admins", "viewer_groups", "editor_groups", "admin_groups")

    @classmethod
    def from_mapping(cls, section: Mapping[str, object]) -> AccessPolicy:
        """The policy of an [access] section; ValueError naming any unknown or malformed setting."""
        unknown = sorted(set(section) - {*cls.KEYS, "group_claim", "session_hours"})
        if unknown:
            raise ValueError(f"[access] has unknown settings: {', '.join(unknown)}; the known ones are "
                             f"{', '.join((*cls.KEYS, 'group_claim', 'session_hours'))}")
        hours = section.get("session_hours", 12.0)
        if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not hours > 0:
            raise ValueError("[access] session_hours must be a number of hours greater than zero")
        return cls(**{key: _names(section, key) for key in cls.KEYS},
                   group_claim=str(section.get("group_claim", "groups")), session_hours=float(hours))

    def _listed(self, who: Writer, people: tuple[str, ...], groups: tuple[str, ...]) -> bool:
        email = (who.email or "").lower() if who.email_verified else ""
        domain = email[email.find("@"):] if "@" in email else None
        by_mail = bool(email) and (email in people or domain in people)
        return by_mail or bool(set(who.groups) & set(groups))

    def role(self, who: Writer) -> str:
        """One of ROLES: refused for anything but a verified identity that a list admits."""
        if not who.verified:
            return "refused"
        if self._listed(who, self.admins, self.admin_groups):
            return "admin"
        if self._listed(who, self.editors, self.editor_groups):
            return "editor"
        if not (self.viewers or self.viewer_groups) or self._listed(who, self.viewers, self.viewer_groups):
            return "viewer"
        return "refused"

    def allows(self, who: Writer, action: str) -> bool:
        """Whether `who` may do `action` (a key of NEEDS)."""
        return ROLES.index(self.role(who)) >= ROLES.index(NEEDS[action])

    def check(self, who: Writer, action: str, what: str) -> None:
        """Raise WriteRefused (and log it) unless `who` may do `action`; `what` names the write."""
        if self.allows(who, action):
            return
        role = self.role(who)
        LOGGER.warning("refused %s: %s by %s (issuer %s, subject %s, role %s)", action, what, who.name or "nobody",
                       who.issuer, who.subject, role)
        if not who.verified:
            raise WriteRefused(f"Not written: {what} needs a signed-in editor; this server has sign-in on, so a "
                               "typed name is not accepted.")
        held = "has no access to Corridor" if role == "refused" else f"is signed in as a {role}"
        raise WriteRefused(f"Not written: {who.name} {held}, and {what} needs an {NEEDS[action]}.")

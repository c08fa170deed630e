"""Catalog indexes of staff profiles: the linked account (one profile per
account) and the position (the listing's filter and column)."""

from eiso.content.staff_profile import IStaffProfileSchema
from plone.indexer import indexer


@indexer(IStaffProfileSchema)
def staff_user(profile):
    return profile.user_id or None


@indexer(IStaffProfileSchema)
def staff_position(profile):
    return (profile.position or "").strip() or None

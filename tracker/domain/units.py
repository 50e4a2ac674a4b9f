"""Unit kinds: the levels and types of bodies that receive or assign tasks."""
from enum import Enum


class UnitKind(str, Enum):
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"
    COMMUNE = "commune"
    WARD = "ward"
    DEPARTMENT = "department"
    PARTY_COMMITTEE = "party_committee"
    PARTY_CELL = "party_cell"
    POLICE = "police"
    MASS_ORG = "mass_org"
    ENTERPRISE = "enterprise"
    COMMITTEE = "committee"
    VILLAGE = "village"
    RESIDENTIAL_GROUP = "residential_group"
    OTHER = "other"


COMMUNE_LEVEL = frozenset({UnitKind.COMMUNE, UnitKind.WARD})


def path_for(parent_path: str | None, unit_id: int) -> str:
    """Materialised path "/1/5/23/": a subtree is a prefix match, cheap at any depth."""
    return f"{parent_path or '/'}{unit_id}/"

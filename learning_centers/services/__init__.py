"""Writes for the learning_centers app: geography loading, centre provisioning and
centre-scoped permissions. Keyword-only functions named `<entity>_<action>`."""

from .access import (
    MODERATORS_GROUP_NAME,
    ProvisionReport,
    center_collections_bulk_create,
    center_provision_logged,
    center_provision_permissions,
    centres_provision_all,
    moderators_provision,
)
from .geography import GeographyDataError, GeographyLoadResult, geography_load

__all__ = [
    "MODERATORS_GROUP_NAME",
    "GeographyDataError",
    "GeographyLoadResult",
    "ProvisionReport",
    "center_collections_bulk_create",
    "center_provision_logged",
    "center_provision_permissions",
    "centres_provision_all",
    "geography_load",
    "moderators_provision",
]

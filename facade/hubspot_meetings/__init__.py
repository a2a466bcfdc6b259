"""hubspot_meetings: a Python client for the HubSpot CRM Meetings API v3.

Every public name is here; the modules behind it are private (their names start with `_`).
"""

from ._auth import ApiKey, BearerToken, OAuth2RefreshToken, auth_from_env
from ._client import AsyncObjectClient, ObjectClient
from ._config import CircuitBreakerConfig, PacingConfig, RetryConfig
from ._exceptions import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    CircuitOpenError,
    ConfigurationError,
    ConflictError,
    ForbiddenError,
    GeneratedApiMismatch,
    HubSpotError,
    NotFoundError,
    OAuthRefreshError,
    RateLimitError,
    RequestValidationError,
    ResponseValidationError,
    SearchWindowError,
    ServerError,
    TokenPersistenceError,
    TransportError,
    UnknownOutcomeError,
)
from ._generated import ObjectBinding, bind
from ._meetings import (
    AssociationType,
    AsyncHubSpotMeetings,
    HubSpotMeetings,
    Meeting,
    MeetingOutcome,
    MeetingProperties,
)
from ._plan.checks import PropertyRule
from ._types import (
    Association,
    AssociationSpec,
    BatchError,
    BatchResult,
    CrmObject,
    Page,
    SearchPage,
)
from ._version import __version__

__all__ = [
    "ApiError",
    "ApiKey",
    "Association",
    "AssociationSpec",
    "AssociationType",
    "AsyncHubSpotMeetings",
    "AsyncObjectClient",
    "AuthenticationError",
    "BadRequestError",
    "BatchError",
    "BatchResult",
    "BearerToken",
    "CircuitBreakerConfig",
    "CircuitOpenError",
    "ConfigurationError",
    "ConflictError",
    "CrmObject",
    "ForbiddenError",
    "GeneratedApiMismatch",
    "HubSpotError",
    "HubSpotMeetings",
    "Meeting",
    "MeetingOutcome",
    "MeetingProperties",
    "NotFoundError",
    "OAuth2RefreshToken",
    "OAuthRefreshError",
    "ObjectBinding",
    "ObjectClient",
    "PacingConfig",
    "Page",
    "PropertyRule",
    "RateLimitError",
    "RequestValidationError",
    "ResponseValidationError",
    "RetryConfig",
    "SearchPage",
    "SearchWindowError",
    "ServerError",
    "TokenPersistenceError",
    "TransportError",
    "UnknownOutcomeError",
    "__version__",
    "auth_from_env",
    "bind",
]

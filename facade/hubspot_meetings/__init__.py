"""hubspot_meetings: the facade over the generated HubSpot Meetings v3 client."""

from ._auth import ApiKey, BearerToken, OAuth2RefreshToken
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
    HubSpotError,
    NotFoundError,
    OAuthRefreshError,
    RateLimitError,
    RequestValidationError,
    ResponseValidationError,
    ServerError,
    TokenPersistenceError,
    TransportError,
    UnknownOutcomeError,
)
from ._generated import GeneratedApiMismatch, ObjectBinding, bind
from ._meetings import AsyncHubSpotMeetings, HubSpotMeetings
from ._plan.checks import PropertyRule
from ._plan.chunks import BatchError, BatchResult
from ._plan.search_all import SearchWindowError
from ._types import CrmObject, Page, SearchPage

__all__ = [
    "ApiError",
    "ApiKey",
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
    "bind",
]

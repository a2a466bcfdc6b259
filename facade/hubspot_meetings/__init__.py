"""hubspot_meetings: a Python client for the HubSpot CRM Meetings API v3.

Every public name is here; the modules behind it are private (their names start with `_`).
"""

from ._auth import ApiKey, BearerToken, OAuth2RefreshToken, auth_from_env
from ._client import AsyncObjectClient, AsyncRawOperations, ObjectClient, RawOperations
from ._config import CircuitBreakerConfig, PacingConfig, RetryConfig
from ._exceptions import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    CircuitOpenError,
    ClientClosedError,
    ConfigurationError,
    ConflictError,
    DeadlineExceededError,
    DeadlineUnknownOutcomeError,
    ForbiddenError,
    GeneratedApiMismatch,
    HubSpotError,
    NotFoundError,
    OAuthRefreshError,
    RateLimitError,
    RefreshTokenLostError,
    RequestValidationError,
    ResponseValidationError,
    SearchShiftedError,
    SearchWindowError,
    ServerError,
    StoreUnavailableError,
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
from ._redact import log_from_env
from ._redis_store import RedisStore
from ._store import LocalStore, Store
from ._transports.stack import build_async_transport, build_transport
from ._types import (
    Association,
    AssociationSpec,
    BatchError,
    BatchResult,
    CrmObject,
    Page,
    RateLimit,
    RawResponse,
    ResponseInfo,
    SearchPage,
)
from ._version import __version__

# HUBSPOT_LOG=debug|info: the package's (redacted) log to stderr, read once, at import.
log_from_env()

__all__ = [
    "ApiError",
    "ApiKey",
    "Association",
    "AssociationSpec",
    "AssociationType",
    "AsyncHubSpotMeetings",
    "AsyncObjectClient",
    "AsyncRawOperations",
    "AuthenticationError",
    "BadRequestError",
    "BatchError",
    "BatchResult",
    "BearerToken",
    "CircuitBreakerConfig",
    "CircuitOpenError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "CrmObject",
    "DeadlineExceededError",
    "DeadlineUnknownOutcomeError",
    "ForbiddenError",
    "GeneratedApiMismatch",
    "HubSpotError",
    "HubSpotMeetings",
    "LocalStore",
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
    "RateLimit",
    "RateLimitError",
    "RawOperations",
    "RawResponse",
    "RedisStore",
    "RefreshTokenLostError",
    "RequestValidationError",
    "ResponseInfo",
    "ResponseValidationError",
    "RetryConfig",
    "SearchPage",
    "SearchShiftedError",
    "SearchWindowError",
    "ServerError",
    "Store",
    "StoreUnavailableError",
    "TokenPersistenceError",
    "TransportError",
    "UnknownOutcomeError",
    "__version__",
    "auth_from_env",
    "bind",
    "build_async_transport",
    "build_transport",
]

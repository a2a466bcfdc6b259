"""hubspot_meetings: the facade over the generated HubSpot Meetings v3 client."""

from ._generated import GeneratedApiMismatch, ObjectBinding, bind
from ._redis_store import RedisStore
from ._store import LocalStore, Store, StoreUnavailableError
from .auth import ApiKey, BearerToken, OAuth2RefreshToken
from .batching import BatchError, BatchResult
from .client import AsyncHubSpotMeetings, HubSpotMeetings
from .errors import (
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
from .models import CrmObject, Page, SearchPage
from .objects import AsyncObjectClient, ObjectClient
from .search_plan import SearchWindowError
from .settings import CircuitBreakerConfig, PacingConfig, RetryConfig
from .validation import PropertyRule

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
    "LocalStore",
    "NotFoundError",
    "OAuth2RefreshToken",
    "OAuthRefreshError",
    "ObjectBinding",
    "ObjectClient",
    "PacingConfig",
    "Page",
    "PropertyRule",
    "RateLimitError",
    "RedisStore",
    "RequestValidationError",
    "ResponseValidationError",
    "RetryConfig",
    "SearchPage",
    "SearchWindowError",
    "ServerError",
    "Store",
    "StoreUnavailableError",
    "TokenPersistenceError",
    "TransportError",
    "UnknownOutcomeError",
    "bind",
]

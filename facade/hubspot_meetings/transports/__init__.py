"""One httpx transport per concern, each wrapping an inner transport (sync and async)."""

from .breaker import AsyncCircuitBreakerTransport, BreakerState, CircuitBreakerTransport
from .compression import AsyncGzipRequestTransport, GzipRequestTransport
from .errors import AsyncErrorTransport, ErrorTransport
from .pacing import AsyncPacingTransport, Pacer, PacingTransport
from .retry import AsyncRetryTransport, RetryTransport

__all__ = [
    "AsyncCircuitBreakerTransport",
    "AsyncErrorTransport",
    "AsyncGzipRequestTransport",
    "AsyncPacingTransport",
    "AsyncRetryTransport",
    "BreakerState",
    "CircuitBreakerTransport",
    "ErrorTransport",
    "GzipRequestTransport",
    "Pacer",
    "PacingTransport",
    "RetryTransport",
]

"""Exception tree of the pipeline: transient errors are retried, permanent ones are not.

    PipelineError
    ├── TransientError          worth retrying later (network, 5xx, 429, timeouts)
    │   ├── FetchTimeout
    │   ├── ConnectionFailed
    │   └── ServerBusy          5xx / 429; carries retry_after seconds when given
    └── PermanentError          retrying cannot help; becomes a reject row or a failed task
        ├── ConfigError         bad sources config or settings
        ├── SchemaError         rows and schema disagree (unknown, missing or mistyped column)
        ├── FetchRefused        the pipeline refused to fetch (robots, SSRF guard, redirects)
        ├── ResponseRejected    the response is unusable (4xx, too large, wrong content type)
        └── ArchiveError        a WARC file or record cannot be read
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose."""

    reason = "error"

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason


class TransientError(PipelineError):
    """A failure that may succeed when tried again later."""

    reason = "transient"


class FetchTimeout(TransientError):
    reason = "timeout"


class ConnectionFailed(TransientError):
    reason = "connection_failed"


class ServerBusy(TransientError):
    reason = "server_busy"

    def __init__(
        self, message: str, *, status: int, retry_after: float | None = None
    ) -> None:
        super().__init__(message, reason=f"http_{status}")
        self.status = status
        self.retry_after = retry_after


class PermanentError(PipelineError):
    """A failure that retrying cannot fix."""

    reason = "permanent"


class ConfigError(PermanentError):
    reason = "config"


class SchemaError(PermanentError):
    reason = "schema"


class FetchRefused(PermanentError):
    reason = "refused"


class ResponseRejected(PermanentError):
    reason = "rejected"


class ArchiveError(PermanentError):
    reason = "archive"

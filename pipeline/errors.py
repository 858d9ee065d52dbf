"""Exception tree of the pipeline: transient errors are retried, permanent ones are not.

    PipelineError
    ├── TransientError          worth retrying (with backoff and jitter, up to max_attempts)
    │   ├── FetchTimeout        connect/read timeout (reason timeout), or the overall
    │   │                       per-request deadline passed (reason deadline)
    │   ├── ConnectionFailed    refused/reset connection, DNS failure (dns_failed)
    │   ├── ServerBusy          429, 500, 502, 503, 504 (reason http_<status>); carries
    │   │                       retry_after seconds when given; a Retry-After over the
    │   │                       fetcher's max_retry_wait is not retried
    │   └── StorageError        the publish target (object storage) failed a read or write
    └── PermanentError          retrying cannot help; becomes a reject row or a failed task
        ├── ConfigError         bad sources config or settings
        ├── SchemaError         rows and schema disagree (unknown, missing or mistyped column)
        ├── FetchRefused        the pipeline refused to fetch: private_address (SSRF guard,
        │                       every hop and every connect), bad_url, redirect_loop,
        │                       too_many_redirects, robots_txt (a redirect into a disallowed path)
        ├── ResponseRejected    the response is unusable: too_large (declared, streamed or
        │                       decompressed), content_type, content_encoding, and on parse
        │                       xml_entities, malformed_xml, bad_gzip (feeds and sitemaps)
        └── ArchiveError        a WARC file or record cannot be read

HTTP 4xx answers (other than 429) are not exceptions: they are recorded as failed with
reason http_<status>. Outcomes that are no error at all: skipped (budget, host_backoff,
sitemap_limit) and disallowed (robots_txt)."""

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


class StorageError(TransientError):
    reason = "storage"


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

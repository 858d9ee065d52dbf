"""Raw archive: every response (and every fetch outcome) written to WARC, and read back."""

from __future__ import annotations

import gzip
import io
import json
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.errors import ArchiveError
from pipeline.models import RawPage

# Headers that describe the transfer, not the stored payload: we store decoded bodies.
TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
OUTCOME_TYPE = "application/vnd.news-pipeline.outcome+json"
URI_SCHEMES = ("http://", "https://", "file:", "urn:", "dns:")


@dataclass(frozen=True)
class FetchOutcome:
    """How one request ended; stored as a WARC metadata record so the archive is the log."""

    url: str
    outcome: str  # fetched | not_modified | disallowed | refused | failed | skipped
    reason: str = ""
    detail: str = ""
    status: int | None = None
    at: datetime | None = None
    role: str = "article"  # article | feed | robots
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class ArchiveRecord:
    """One item read back from a WARC: a page, an outcome, or a record that could not be read."""

    page: RawPage | None = None
    outcome: FetchOutcome | None = None
    error: str | None = None
    url: str = ""
    role: str = "article"


def format_warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_warc_date(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC)
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return datetime.now(UTC)


class WarcArchive:
    """Appends request, response and outcome records to one gzipped WARC file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file: IO[bytes] = open(self.path, "wb")  # noqa: SIM115 - closed by close()
        self._writer = WARCWriter(self._file, gzip=True)
        info = self._writer.create_warcinfo_record(
            self.path.name, {"software": "news-pipeline", "format": "WARC File Format 1.1"}
        )
        self._writer.write_record(info)

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if not self._file.closed:
            self._file.flush()
            self._file.close()

    def write_exchange(
        self,
        method: str,
        request_headers: list[tuple[str, str]],
        page: RawPage,
        role: str = "article",
    ) -> str:
        """Write a request and its response; return the response record id."""
        date = format_warc_date(page.fetched_at)
        request = self._writer.create_warc_record(
            page.url,
            "request",
            payload=io.BytesIO(b""),
            length=0,  # a known length keeps warcio from spooling to an unclosed temp file
            http_headers=StatusAndHeaders(
                f"{method} {page.url} HTTP/1.1", request_headers, is_http_request=True
            ),
            warc_headers_dict={"WARC-Date": date},
        )
        headers = [(k, v) for k, v in page.headers if k.lower() not in TRANSFER_HEADERS]
        headers.append(("Content-Length", str(len(page.body))))
        record_id = f"<urn:uuid:{uuid.uuid4()}>"
        response = self._writer.create_warc_record(
            page.url,
            "response",
            payload=io.BytesIO(page.body),
            length=len(page.body),
            http_headers=StatusAndHeaders(f"{page.status} {reason_phrase(page.status)}", headers,
                                          protocol="HTTP/1.1"),
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Record-ID": record_id,
                "WARC-Source": page.source,
                # article | feed | robots: a re-parse must not mistake a feed for an article
                "WARC-Pipeline-Role": role,
                # where redirects ended, so a re-parse sees the same final URL
                "WARC-Target-Final-URI": page.final_url,
            },
        )
        request.rec_headers.add_header("WARC-Concurrent-To", record_id)
        self._writer.write_record(request)
        self._writer.write_record(response)
        return record_id

    def write_outcome(self, outcome: FetchOutcome) -> None:
        moment = outcome.at or datetime.now(UTC)
        body = json.dumps(
            {
                "url": outcome.url,
                "outcome": outcome.outcome,
                "reason": outcome.reason,
                "detail": outcome.detail,
                "status": outcome.status,
                "role": outcome.role,
                "final_url": outcome.final_url,
                "etag": outcome.etag,
                "last_modified": outcome.last_modified,
            }
        ).encode()
        record = self._writer.create_warc_record(
            outcome.url,
            "metadata",
            payload=io.BytesIO(body),
            length=len(body),
            warc_content_type=OUTCOME_TYPE,
            warc_headers_dict={"WARC-Date": format_warc_date(moment)},
        )
        self._writer.write_record(record)


def reason_phrase(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _read_outcome(record: Any, url: str) -> FetchOutcome:
    data = json.loads(record.content_stream().read().decode("utf-8"))
    return FetchOutcome(
        url=data.get("url") or url,
        outcome=data.get("outcome", "failed"),
        reason=data.get("reason", ""),
        detail=data.get("detail", ""),
        status=data.get("status"),
        role=data.get("role", "article"),
        final_url=data.get("final_url"),
        etag=data.get("etag"),
        last_modified=data.get("last_modified"),
        at=parse_warc_date(record.rec_headers.get_header("WARC-Date")),
    )


def _read_page(record: Any, path: Path, source: str) -> RawPage:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if record.rec_type == "response" and record.http_headers is not None:
        status = int(record.http_headers.get_statuscode() or 0)
        headers = tuple(record.http_headers.headers)
    else:  # resource records hold a bare document
        status = 200
        content_type = record.rec_headers.get_header("Content-Type") or "text/html"
        headers = (("Content-Type", content_type),)
    body = record.content_stream().read()
    if getattr(record.raw_stream, "limit", 0):
        # fewer bytes than the record declares: the file was cut inside this record
        raise EOFError(f"record cut short: {record.raw_stream.limit} bytes missing")
    return RawPage(
        url=url,
        final_url=record.rec_headers.get_header("WARC-Target-Final-URI") or url,
        status=status,
        headers=headers,
        body=body,
        fetched_at=parse_warc_date(record.rec_headers.get_header("WARC-Date")),
        source=record.rec_headers.get_header("WARC-Source") or source,
        warc_path=str(path),
        warc_record_id=record.rec_headers.get_header("WARC-Record-ID"),
    )


def find_truncation(path: Path) -> str | None:
    """Why a gzipped archive is incomplete, or None; warcio stops quietly at a cut member."""
    if not path.name.endswith(".gz"):
        return None
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(1 << 20):
                pass
    except (EOFError, OSError, gzip.BadGzipFile, zlib.error) as exc:
        return str(exc)
    return None


def read_archive(path: str | Path, source: str = "") -> Iterator[ArchiveRecord]:
    """Yield pages and outcomes from a WARC; a broken record becomes an error item, not a crash."""
    path = Path(path)
    try:
        stream: IO[bytes] = open(path, "rb")  # noqa: SIM115 - closed by with below
    except OSError as exc:
        raise ArchiveError(f"cannot open {path}: {exc}")
    with stream:
        try:
            for record in ArchiveIterator(stream):
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                if record.rec_type in ("response", "resource") and not url.startswith(URI_SCHEMES):
                    yield ArchiveRecord(error=f"{record.rec_type} record without a valid target "
                                        f"URI ({url[:80]!r})", url=str(path))
                    continue
                try:
                    if record.rec_type in ("response", "resource"):
                        role = record.rec_headers.get_header("WARC-Pipeline-Role") or "article"
                        page = _read_page(record, path, source)
                        yield ArchiveRecord(page=page, url=url, role=role)
                    elif (
                        record.rec_type == "metadata"
                        and record.rec_headers.get_header("Content-Type") == OUTCOME_TYPE
                    ):
                        yield ArchiveRecord(outcome=_read_outcome(record, url), url=url)
                except (ValueError, OSError, EOFError, UnicodeDecodeError, zlib.error) as exc:
                    yield ArchiveRecord(error=f"unreadable record: {exc}", url=url)
        except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error,
                AttributeError) as exc:  # warcio: a request/response record without a URI
            # A corrupt file: what was read stays read; the rest is one reject.
            yield ArchiveRecord(error=f"corrupt archive after last good record: {exc}",
                                url=str(path))
            return
    truncated = find_truncation(path)
    if truncated:
        yield ArchiveRecord(error=f"truncated archive, records after the cut are lost: "
                            f"{truncated}", url=str(path))

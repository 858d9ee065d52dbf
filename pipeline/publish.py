"""Publish: mirror the lake's partitions to object storage (s3://, gs://, file://) for analysts."""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pyarrow.fs as pafs

from pipeline.errors import ConfigError, StorageError
from pipeline.lake import STAGING, TRASH

COPY_BUFFER = 8 << 20


@dataclass(frozen=True)
class PublishSummary:
    """What one publish did: files uploaded and left as they were, bytes sent."""

    target: str
    uploaded: int
    unchanged: int
    bytes: int


def open_target(target: str) -> tuple[pafs.FileSystem, str]:
    try:
        return pafs.FileSystem.from_uri(target)
    except (ValueError, OSError) as exc:
        raise ConfigError(f"cannot use publish target {target!r}: {exc}") from exc


def local_files(lake: Path) -> dict[str, pafs.FileInfo]:
    """The lake's Parquet files by relative path, leaving out staging and trash."""
    local = pafs.LocalFileSystem()
    selector = pafs.FileSelector(str(lake.resolve()), recursive=True, allow_not_found=True)
    root = str(lake.resolve()) + "/"
    files = {}
    for info in local.get_file_info(selector):
        relative = info.path[len(root):]
        if (info.type == pafs.FileType.File and relative.endswith(".parquet")
                and not relative.startswith((STAGING, TRASH))):
            files[relative] = info
    return files


def manifest_path(lake: Path, target: str) -> Path:
    """Where the lake remembers what it last sent to a target (one file per target)."""
    key = hashlib.sha256(target.encode()).hexdigest()[:16]
    return lake / STAGING / "publish" / f"{key}.json"


def read_manifest(path: Path) -> dict[str, list[int]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no record (or a broken one): everything is sent again, which is harmless
    return data if isinstance(data, dict) else {}


def write_manifest(path: Path, sent: dict[str, list[int]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_suffix(f".{uuid.uuid4().hex[:8]}.tmp")
    aside.write_text(json.dumps(sent, sort_keys=True), encoding="utf-8")
    aside.replace(path)


def publish_lake(lake: str | Path, target: str) -> PublishSummary:
    """Upload every partition file that is new or rewritten since its last upload.

    One file per partition, so on object storage each partition is replaced by one PUT:
    readers of the target see the old partition or the new one. What was sent (size and
    modification time in ns of each local file) is remembered in the lake, because object
    stores keep their own upload time to the second only. Rerunning after a failure uploads
    what is still missing; nothing is ever deleted from the target.
    """
    filesystem, root = open_target(target)
    root = root.rstrip("/")
    lake = Path(lake)
    ours = local_files(lake)
    remote: set[str] = set()
    if ours:
        selector = pafs.FileSelector(root, recursive=True, allow_not_found=True)
        remote = {info.path[len(root) + 1:] for info in filesystem.get_file_info(selector)
                  if info.type == pafs.FileType.File}
    record = manifest_path(lake, target)
    sent = read_manifest(record)
    uploaded = unchanged = size = 0
    try:
        for relative, info in sorted(ours.items()):
            stamp = [info.size or 0, info.mtime_ns or 0]
            if relative in remote and sent.get(relative) == stamp:
                unchanged += 1
                continue
            try:
                copy_file(Path(info.path), filesystem, f"{root}/{relative}")
            except OSError as exc:
                raise StorageError(f"publishing {relative} to {target} failed: {exc}") from exc
            sent[relative] = stamp
            uploaded += 1
            size += stamp[0]
    finally:
        write_manifest(record, sent)  # what did go out is not sent twice after a failure
    return PublishSummary(target, uploaded, unchanged, size)


def copy_file(source: Path, filesystem: pafs.FileSystem, destination: str) -> None:
    parent = destination.rsplit("/", 1)[0]
    filesystem.create_dir(parent, recursive=True)
    if isinstance(filesystem, pafs.LocalFileSystem):
        # A local target is written aside and renamed, as object stores do on their own.
        aside = f"{destination}.{uuid.uuid4().hex[:8]}.tmp"
        with open(source, "rb") as handle, filesystem.open_output_stream(aside) as out:
            shutil.copyfileobj(handle, out, COPY_BUFFER)
        filesystem.move(aside, destination)
        return
    with open(source, "rb") as handle, filesystem.open_output_stream(destination) as out:
        shutil.copyfileobj(handle, out, COPY_BUFFER)

"""Publish: mirror the lake's partitions to object storage (s3://, gs://, file://) for analysts."""

from __future__ import annotations

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


def publish_lake(lake: str | Path, target: str) -> PublishSummary:
    """Upload every partition file that is new or rewritten since its last upload.

    One file per partition, so on object storage each partition is replaced by one PUT:
    readers of the target see the old partition or the new one. Rerunning after a failure
    uploads what is still missing; nothing is ever deleted from the target.
    """
    filesystem, root = open_target(target)
    root = root.rstrip("/")
    ours = local_files(Path(lake))
    remote = {}
    if ours:
        selector = pafs.FileSelector(root, recursive=True, allow_not_found=True)
        remote = {info.path[len(root) + 1:]: info
                  for info in filesystem.get_file_info(selector)
                  if info.type == pafs.FileType.File}
    uploaded = unchanged = sent = 0
    for relative, info in sorted(ours.items()):
        there = remote.get(relative)
        # A copy is current when it is as large and at least as new as the lake's file.
        if (there is not None and there.size == info.size and there.mtime is not None
                and info.mtime is not None and there.mtime >= info.mtime):
            unchanged += 1
            continue
        destination = f"{root}/{relative}"
        try:
            copy_file(Path(info.path), filesystem, destination)
        except OSError as exc:
            raise StorageError(f"publishing {relative} to {target} failed: {exc}") from exc
        uploaded += 1
        sent += info.size or 0
    return PublishSummary(target, uploaded, unchanged, sent)


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

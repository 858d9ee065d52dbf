"""Publishing the lake to object storage: a file:// target and a real S3 endpoint (moto)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pytest

from pipeline import tasks
from pipeline.config import load_settings
from pipeline.errors import ConfigError
from pipeline.publish import local_files, publish_lake
from tests.test_tasks import day_params, run_day

DAY = "2026-11-03"


@pytest.fixture
def lake(tmp_path: Path, sample_site: str) -> Path:
    run_day(day_params(tmp_path, sample_site), DAY)
    return tmp_path / "lake"


def count_rows(filesystem: pafs.FileSystem, root: str, table: str) -> int:
    dataset = ds.dataset(f"{root}/{table}", filesystem=filesystem, format="parquet",
                         partitioning="hive")
    return int(dataset.count_rows())


def test_publish_to_a_file_target_uploads_only_what_changed(lake: Path, tmp_path: Path) -> None:
    target = (tmp_path / "published").as_uri()
    first = publish_lake(lake, target)
    files = local_files(lake)
    assert first.uploaded == len(files) > 0
    assert not any(p.startswith("_") for p in files)
    again = publish_lake(lake, target)
    assert (again.uploaded, again.unchanged) == (0, len(files))
    local, published = pafs.LocalFileSystem(), str(tmp_path / "published")
    for table in ("articles", "quotes", "sources", "updates"):
        assert count_rows(local, published, table) == count_rows(local, str(lake), table)


def test_a_rewritten_partition_is_published_again(lake: Path, tmp_path: Path) -> None:
    target = (tmp_path / "published").as_uri()
    publish_lake(lake, target)
    run_day({"config": str(tmp_path / "sources.yaml")}, DAY)
    assert publish_lake(lake, target).uploaded > 0


@pytest.fixture
def s3_endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def test_publish_to_s3(lake: Path, s3_endpoint: str) -> None:
    s3 = pafs.S3FileSystem(endpoint_override=s3_endpoint, region="us-east-1",
                           allow_bucket_creation=True)
    s3.create_dir("news-lake")
    target = f"s3://news-lake/tables?endpoint_override={s3_endpoint}&region=us-east-1"
    summary = publish_lake(lake, target)
    assert summary.uploaded == len(local_files(lake))
    assert publish_lake(lake, target).uploaded == 0
    local = pafs.LocalFileSystem()
    for table in ("articles", "quotes"):
        assert count_rows(s3, "news-lake/tables", table) == count_rows(local, str(lake), table)


def test_publish_task_is_a_no_op_without_a_target(lake: Path, tmp_path: Path) -> None:
    params = {"config": str(tmp_path / "sources.yaml")}
    assert tasks.publish_tables(params)["target"] is None


def test_publish_target_comes_from_the_environment(tmp_path: Path) -> None:
    settings = load_settings(environ={"NEWS_PIPELINE_PUBLISH": "s3://bucket/news"})
    assert settings.publish == "s3://bucket/news"


def test_a_bad_target_is_a_config_error(lake: Path) -> None:
    with pytest.raises(ConfigError, match="publish target"):
        publish_lake(lake, "nosuchscheme://x/y")


def test_an_object_deleted_from_the_target_is_sent_again(lake: Path, tmp_path: Path) -> None:
    published = tmp_path / "published"
    publish_lake(lake, published.as_uri())
    victim = next(published.glob("articles/*/*.parquet"))
    victim.unlink()
    assert publish_lake(lake, published.as_uri()).uploaded == 1
    assert victim.exists()

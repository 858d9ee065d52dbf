"""Entry point for ``python -m pipeline``."""

from pipeline.config import configure_allocators

configure_allocators()  # before anything loads pyarrow

from pipeline.cli import main  # noqa: E402

raise SystemExit(main())

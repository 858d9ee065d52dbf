"""Entry point for ``python -m pipeline``."""

from pipeline.config import use_system_allocator

use_system_allocator()  # before anything loads pyarrow

from pipeline.cli import main  # noqa: E402

raise SystemExit(main())

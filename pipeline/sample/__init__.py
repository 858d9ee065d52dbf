"""Bundled sample news site that `make run` serves locally and the ingestion job scrapes."""

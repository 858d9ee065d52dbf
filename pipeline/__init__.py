"""News pipeline: discover, fetch, archive, parse and write news articles as Parquet tables."""

__version__ = "0.1.0"
# Bumped whenever parse output can change, so every row says which parser made it.
PARSER_VERSION = "0.1.0"

"""MovieLens files in: a dataset registry, a verified downloader, strict parsers, synthetic data."""

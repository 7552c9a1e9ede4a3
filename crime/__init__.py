"""Crime data: police.uk imports, the Parquet store, geography and provenance."""

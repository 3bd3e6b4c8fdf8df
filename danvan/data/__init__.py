"""The database and what fills it: SQLModel tables (models), the engine, the writer lock and Alembic
migrations (db, migrations/), the build from the curated CSV files in data/ (loader), the catalogue of
every administrative unit before and after 1/7/2025 (catalogue, unit_names), the data version token that
keys every page cache (version) and backup/restore. Touches the database; no Streamlit."""

"""Staff spreadsheets as staff keep them (build.py) and what importing them must give (expected.py)."""

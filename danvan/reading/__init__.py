"""Everything a page reads and how it is shaped: the SQL reads (queries), one computed model per page
(page_data), which figures may be compared (comparability), stated vs. recomputed rates (rates), sums
across the 1/7/2025 reform (reform), the shared filters and table paging, the «chỉ tiêu trọng tâm», the
summary paragraph and the Vietnamese display tables (tables). queries, page_data, core_indicators and
reform take an engine; the rest is pure pandas. No Streamlit."""

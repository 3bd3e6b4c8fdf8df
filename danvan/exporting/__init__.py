"""Chart images (PNG/SVG) and meeting packs (Bộ trình chiếu, .pptx and .pdf).

No Streamlit here: the pages and the command line call the same functions.
"""

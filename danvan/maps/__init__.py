"""Maps: the boundary files in geo/ (geo), one indicator shaped into map layers (layers), the pure
plotly geo builders (figures), and official district/commune boundaries uploaded by staff: read and
checked in boundary_upload/ (pure), stored by boundaries (touches the database). No Streamlit."""

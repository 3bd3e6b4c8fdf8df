import streamlit as st

st.title("Nhập dữ liệu")

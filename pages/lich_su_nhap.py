import streamlit as st

st.title("Lịch sử nhập")

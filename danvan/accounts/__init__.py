"""Editor and administrator accounts: passwords and roles (auth), sessions that survive a reload
(sessions) and their server routes (routes), sign-in throttling (throttle) and the audit trail of every
change (audit). Touches the database; no Streamlit."""

"""The province's console: a small server-rendered web application (HTTPS, its own process and
port, separate from intake) where the province's officers see what arrived. It only reads the
centre's index tables; it writes only its own users and its own event log (console_events)."""

"""The director's screens: dashboard and lists, the decomposition board and
assignment panel, the review page, and the roster and supervision pages
(sales and superusers)."""

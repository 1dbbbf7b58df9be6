"""Email alerts: readers follow an author, a series, a topic or everything, by email, without an account."""

"""Search analytics: every search, result click and helpful vote, and the reports built on them."""

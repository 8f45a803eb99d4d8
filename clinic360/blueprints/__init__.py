"""The features: one package each, served under /api."""

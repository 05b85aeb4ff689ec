"""kefu (客服): a self-hosted, bilingual customer-service platform for a mobile wallet."""

__all__ = ["__version__"]

__version__ = "0.1.0"

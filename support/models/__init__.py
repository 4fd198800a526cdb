"""The support desk's models, one module per concern."""

from .faq import Audience, FaqArticle

__all__ = ["Audience", "FaqArticle"]

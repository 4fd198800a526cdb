"""The support desk's models, one module per concern."""

from .faq import Audience, FaqArticle
from .ratings import DeliveryRating

__all__ = ["Audience", "DeliveryRating", "FaqArticle"]

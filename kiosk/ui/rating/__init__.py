"""The participant's rating screen at a counter (one tap, and the full SKM questionnaire)."""
from kiosk.ui.rating.window import RatingWindow

__all__ = ["RatingWindow"]

from dashboard.models.reports import Report
from dashboard.models.reviews import (
    Assignment,
    ExpertReview,
    ExpertVolunteer,
    Recommendation,
    Review,
    StandardRating,
)
from dashboard.models.stored_figures import StoredFigures

__all__ = [
    "Assignment",
    "ExpertReview",
    "ExpertVolunteer",
    "Recommendation",
    "Report",
    "Review",
    "StandardRating",
    "StoredFigures",
]

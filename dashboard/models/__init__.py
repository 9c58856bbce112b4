from dashboard.models.figures import StoredFigures
from dashboard.models.reports import Report
from dashboard.models.reviews import (
    Assignment,
    ExpertReview,
    ExpertVolunteer,
    Recommendation,
    Review,
    StandardRating,
)

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

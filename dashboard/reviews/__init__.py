"""Peer review: choosing reviewers, writing reviews, and answering them.

- `assigning`: the rotation that chooses reviewers, the invitations and reminders.
- `writing`: saving and sending a review, and plan owners' answers.
- `access`: who reads and writes which assignment, review and recommendation.
- `forms`, `views`: the pages (`views.record` for reading and answering reviews
  and choosing reviewers, `views.reviewer` for the reviewer's own pages).

The models are in `dashboard.models.reviews`.
"""

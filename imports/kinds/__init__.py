from __future__ import annotations

from imports.kinds.activities import ActivitiesImporter
from imports.kinds.base import Column, Importer, Planned, Problem, Row
from imports.kinds.involvements import InvolvementsImporter
from imports.kinds.people import PeopleImporter
from imports.kinds.projects import ProjectsImporter
from imports.kinds.readings import ReadingsImporter
from imports.models import Kind

IMPORTERS: dict[str, type[Importer]] = {
    Kind.PEOPLE: PeopleImporter,
    Kind.PROJECTS: ProjectsImporter,
    Kind.ACTIVITIES: ActivitiesImporter,
    Kind.INVOLVEMENTS: InvolvementsImporter,
    Kind.READINGS: ReadingsImporter,
}

__all__ = ["IMPORTERS", "Column", "Importer", "Planned", "Problem", "Row"]

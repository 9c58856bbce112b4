from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record

        from projects.privacy.audit import mark_by_personal_link

        # What a person saves by their own link is theirs in the audit trail.
        pre_create_historical_record.connect(
            mark_by_personal_link, dispatch_uid="projects.mark_by_personal_link"
        )

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "imports"

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record

        from imports.audit import mark_imported

        # Every history row saved while an import is applied names the import,
        # the row of the file and the person who confirmed it.
        pre_create_historical_record.connect(mark_imported, dispatch_uid="imports.mark_imported")

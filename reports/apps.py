from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports and scrutiny"

    def ready(self) -> None:
        # The compliance summary snippet (reports/_compliance_summary.html) is included by
        # another app's page (the partnership overview) whose view knows nothing of reports, so
        # the snippet computes its own figures through this one Jinja global.
        from django.template import engines
        from django.template.backends.jinja2 import Jinja2

        from reports.summary import compliance_summary

        for engine in engines.all():
            if isinstance(engine, Jinja2):
                engine.env.globals["reports_compliance_summary"] = compliance_summary

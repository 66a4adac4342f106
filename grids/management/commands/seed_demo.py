from django.core.management.base import BaseCommand

from grids.demo import seed_demo


class Command(BaseCommand):
    help = "Build Dongfeng sub-district's demo data (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        report = seed_demo()
        self.stdout.write(
            f"东风街道: {report.communities} communities, {report.grids} grids, "
            f"{report.buildings} buildings, {report.people} people."
        )
        from grids.figures import request_figures

        [figures] = request_figures()
        self.stdout.write(
            f"Requests: {figures['received']} received, {figures['closed']} handled, "
            f"completion rate (办结率) {figures['completion_rate']:.1%}."
        )
        self.stdout.write("Demo logins (username / password / role):")
        for username, password, role in report.logins:
            self.stdout.write(f"  {username:<10} {password:<14} {role}")

from django.core.management.base import BaseCommand

from disputes.demo import seed_disputes
from disputes.figures import dispute_figures
from dongfeng.management.guards import refuse_in_production
from grids.demo import demo_password_hash, seed_demo
from grids.demo_care import seed_care
from grids.demo_deliberation import seed_deliberation
from grids.figures import request_figures
from grids.generic import summaries
from grids.models import Area
from patrols.demo import seed_patrols
from patrols.figures import patrol_figures
from publicity.demo import seed_publicity
from publicity.figures import totals


class Command(BaseCommand):
    help = "Build Dongfeng sub-district's demo data (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        refuse_in_production()
        report = seed_demo()
        seed_disputes(Area.objects.get(code="DF"), demo_password_hash())
        # After the disputes: one case of the library comes from a closed dispute.
        seed_publicity(Area.objects.get(code="DF"))
        publicity = totals()
        seed_patrols(Area.objects.get(code="DF"))
        seed_deliberation(Area.objects.get(code="DF"))
        seed_care(Area.objects.get(code="DF"))
        # What beat does every quarter of an hour: the overview reads these sums.
        summed = summaries.refresh_all(full=True)
        [requests] = request_figures()
        mediation = dispute_figures()
        patrols = patrol_figures()
        self.stdout.write(
            f"东风街道: {report.communities} communities, {report.grids} grids, "
            f"{report.buildings} buildings, {report.people} people.\n"
            f"Requests: {requests['received']} received, {requests['closed']} handled, "
            f"completion rate (办结率) {requests['completion_rate']:.1%}.\n"
            f"Disputes: {mediation['received']} received, {mediation['settled']} settled, "
            f"success rate {mediation['success_rate']:.0%}, "
            f"civil-to-criminal (民转刑) {mediation['civil_to_criminal']}.\n"
            f"Publicity: {publicity['events']} activities, {publicity['items_pushed']} items "
            f"pushed, {publicity['copies_handed_out']} copies handed out, "
            f"{publicity['people_reached']} people reached.\n"
            f"Patrols: {patrols['patrols']} patrols by {len(patrols['by_team'])} teams, "
            f"{patrols['person_times']} person-times (人次), {patrols['hours']:.0f} hours."
        )
        self.stdout.write(f"Figure summaries: {sum(summed.values())} day rows.")
        self.stdout.write("Demo logins (username / password / role):")
        for username, password, role in report.logins:
            self.stdout.write(f"  {username:<10} {password:<14} {role}")

"""What every disputes page shares: the section's navigation."""

from django.urls import reverse
from django.utils.translation import gettext as _

from disputes.models import Consultation, KeyPerson
from grids.generic.views import may
from grids.models import User


def section_nav(user: User) -> list[tuple[str, str]]:
    """The mediation section's links, without those the user may not open."""
    links = [
        ("disputes:workbench", _("Workbench")),
        ("disputes:dispute_list", _("Disputes")),
        ("disputes:clinicshift_list", _("Legal clinic")),
        ("disputes:consultation_list", _("Consultations")),
        ("disputes:screeningcampaign_list", _("Screenings")),
        ("disputes:riskitem_list", _("Risk register")),
        ("disputes:keyperson_list", _("Key people")),
    ]
    hidden = {
        "disputes:consultation_list": not may(user, Consultation),
        "disputes:keyperson_list": not may(user, KeyPerson),
    }
    return [(reverse(name), label) for name, label in links if not hidden.get(name)]


class DisputesPage:
    """A page of the mediation section: its links above the content."""

    section_nav = staticmethod(section_nav)

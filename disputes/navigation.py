"""The disputes app's menu section and the homes of the mediation roles (DisputesConfig.ready)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grids.choices import MEDIATION_ROLES, Role
from grids.menu import MenuItem, MenuSection, register_home, register_menu


def workbench(user) -> str:
    return reverse("disputes:workbench")


def register() -> None:
    from disputes.models import (
        ClinicShift,
        Consultation,
        Dispute,
        KeyPerson,
        RiskItem,
        ScreeningCampaign,
    )

    register_menu(
        MenuSection(
            "disputes",
            _("Mediation"),
            weight=30,
            items=(
                MenuItem(_("Workbench"), "disputes:workbench", roles=MEDIATION_ROLES),
                MenuItem(_("Disputes"), "disputes:dispute_list", model=Dispute),
                MenuItem(_("My visits"), "disputes:visit_list", roles=MEDIATION_ROLES),
                MenuItem(_("Legal clinic"), "disputes:clinicshift_list", model=ClinicShift),
                MenuItem(_("Consultations"), "disputes:consultation_list", model=Consultation),
                MenuItem(
                    _("Screenings"), "disputes:screeningcampaign_list", model=ScreeningCampaign
                ),
                MenuItem(_("Risk register"), "disputes:riskitem_list", model=RiskItem),
                MenuItem(_("Key people"), "disputes:keyperson_list", model=KeyPerson),
            ),
        )
    )
    for role in (Role.MEDIATOR, Role.LEGAL_ADVISOR, Role.POLICE):
        register_home(role, workbench)

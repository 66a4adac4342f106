"""Campaigns: the list, a campaign's progress against its goals and the grids not reached."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from grids.generic.views import Column, ObjectDetailView, ObjectEditView, ObjectListView
from publicity import figures
from publicity.actions.campaigns import start_campaign
from publicity.filtersets import CampaignFilterSet
from publicity.forms import CampaignForm
from publicity.models import Activity, Campaign
from publicity.views.base import ActionFormMixin, PublicityPage


def _topics(campaign: Campaign) -> str:
    return "、".join(t.name for t in campaign.topics.all())


class CampaignListView(PublicityPage, ObjectListView):
    model = Campaign
    filterset_class = CampaignFilterSet
    select_related = ("area", "owner")
    prefetch_related = ("topics",)
    add_label = _("Start a campaign")
    columns = [
        Column(_("title"), "title", link=True),
        Column(_("topics"), _topics),
        Column(_("start"), "start"),
        Column(_("end"), "end"),
        Column(_("organised by"), "area.name"),
        Column(_("activities"), "activity_count"),
    ]

    def get_queryset(self):
        qs = super().get_queryset().annotate(activity_count=Count("activities"))
        return qs.order_by("-start", "-pk")


class CampaignDetailView(PublicityPage, ObjectDetailView):
    model = Campaign
    template_name = "publicity/campaigns/detail.html"
    select_related = ("area", "owner")
    prefetch_related = ("topics", "partners", "areas")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        campaign = self.object
        ctx["progress"] = figures.campaign_progress(campaign)
        ctx["totals"] = figures.campaign_totals(campaign)
        ctx["coverage"] = figures.coverage_by_community(campaign)
        ctx["unreached"] = list(figures.unreached_grids(campaign))
        ctx["recent"] = (
            Activity.objects.visible_to(self.request.user)
            .filter(campaigns=campaign)
            .select_related("area", "run_by")
            .order_by("-date", "-pk")[:10]
        )
        return ctx


class CampaignEditView(PublicityPage, ActionFormMixin, ObjectEditView):
    model = Campaign
    form_class = CampaignForm

    def save(self, form):
        if form.instance.pk:
            campaign = form.save()
        else:
            data = form.cleaned_data
            campaign = start_campaign(
                by=self.request.user,
                title=data["title"],
                area=data["area"],
                areas=data["areas"],
                topics=data["topics"],
                partners=data["partners"],
                start=data["start"],
                end=data["end"],
                description=data["description"],
            )
        form.save_goals(campaign)
        return campaign

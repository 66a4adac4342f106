"""Choices of the publicity app: channels, goal metrics, case statuses and their moves."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WECHAT_PUSH = "wechat_push", _("WeChat group push")
    SHORT_VIDEO = "short_video", _("Short video")
    BULLETIN_BOARD = "bulletin_board", _("Bulletin-board feature")
    LEAFLETS = "leaflets", _("Leaflet distribution")
    LECTURE = "lecture", _("Lecture")
    DOOR_TO_DOOR = "door_to_door", _("Door-to-door")
    JOINT_EVENT = "joint_event", _("Joint event")


ONLINE_CHANNELS = frozenset({Channel.WECHAT_PUSH, Channel.SHORT_VIDEO})


class Metric(models.TextChoices):
    """What a campaign goal counts; each names the Activity column it sums (see figures.py)."""

    PEOPLE_REACHED = "people_reached", _("People reached")
    COPIES_HANDED_OUT = "copies_handed_out", _("Copies handed out")
    ITEMS_PUSHED = "items_pushed", _("Items pushed")
    ATTENDANCE = "attendance", _("Attendance")
    EVENTS = "events", _("Events")


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class CaseEventKind(models.TextChoices):
    CREATED = "created", _("Written")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


CASE_TRANSITIONS = {
    CaseStatus.DRAFT: {CaseStatus.PUBLISHED},
    CaseStatus.PUBLISHED: {CaseStatus.DRAFT},
}

# A reach above this many times the area's population needs an explicit confirmation.
REACH_CONFIRM_FACTOR = 10
# Case attachments: images or PDF, judged from the bytes.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

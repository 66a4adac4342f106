"""The work report's text, written from the figures registry in the article's style.

`compose(node, period)` asks every registered family (grids/generic/figures.py) for its
figures over the node's subtree and the period, and writes them as the article does: four
sections (资源与组织, 矛盾纠纷化解, 群防群治与宣传, 居民自治), each a few paragraphs that open
with a short lead ("搭建智慧治理平台。") and carry the figures rounded by `wording`.

A family has a writer here when the report knows how to say its measures; one registered
later without a writer still appears, as a plain list of its measures, in the section its
`section` names. A clause whose figure is 0 or None (no base for a rate) is left out, and a
paragraph (a family) left with no clause disappears: a family not registered yet, or with
nothing in the period, leaves no trace and no "0件" or "None%".

This module never imports an app's figures: `families()` is the only way in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import translation

from dongfeng.report.wording import about, decimal, exact, percent, rate_phrase
from grids.choices import AreaKind
from grids.generic import summaries
from grids.generic.figures import (
    FigureFamily,
    Kind,
    Period,
    Section,
    families,
    node_and_period,
    node_params,
    register_shared,
    shared,
)
from grids.models import Area

__all__ = [
    "REPORT_SECTIONS",
    "Report",
    "ReportSection",
    "chinese_date",
    "compose",
    "date_line",
    "period_words",
]


@dataclass(frozen=True)
class ReportSection:
    """One section of the report: a key, its heading and its paragraphs (plain text)."""

    key: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The paragraphs as one editable text, a blank line between paragraphs."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Report:
    area: Area
    period: Period
    title: str
    date_line: str
    intro: str
    sections: list[ReportSection]
    figures: dict[str, dict]  # family name → its measures, as computed


# The report's sections in the article's order; the figures' sections they gather.
REPORT_SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("organisation", "一、资源与组织", (Section.ORGANISATION, Section.SERVICES)),
    ("disputes", "二、矛盾纠纷化解", (Section.DISPUTES,)),
    ("prevention", "三、群防群治与宣传", (Section.PREVENTION,)),
    ("self_governance", "四、居民自治", (Section.SELF_GOVERNANCE,)),
)

SUBJECT = {
    AreaKind.SUBDISTRICT: "街道",
    AreaKind.COMMUNITY: "社区",
    AreaKind.GRID: "网格",
    AreaKind.BUILDING: "楼栋",
}
QUARTERS = "一二三四"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def date_line(start: date, last: date) -> str:
    """The line under the title: "统计期间：2026年1月1日至2026年11月27日" (both days counted)."""
    return f"统计期间：{chinese_date(start)}至{chinese_date(last)}"


def period_words(period: Period, today: date) -> tuple[str, str]:
    """(how the title names the period, how the first sentence opens):
    ("2026年", "今年以来"), ("2025年", "2025年"), ("2026年第三季度", "2026年第三季度以来") …"""
    start, last = period.start, period.end - timedelta(days=1)
    if start == date(today.year, 1, 1) and last >= today - timedelta(days=1) and last <= today:
        return f"{start.year}年", "今年以来"
    if start.month == 1 and start.day == 1 and period.end == date(start.year + 1, 1, 1):
        return f"{start.year}年", f"{start.year}年"
    if start.day == 1 and start.month % 3 == 1:
        quarter_end = date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
        if period.end == quarter_end:
            named = f"{start.year}年第{QUARTERS[start.month // 3]}季度"
            return named, named
    if start.day == 1 and period.end == _next_month(start):
        named = f"{start.year}年{start.month}月"
        return named, named
    named = f"{chinese_date(start)}至{chinese_date(last)}"
    return named, f"{named}期间"


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


# ---- the writers: one per family the report knows, each gives paragraphs -----------------


@dataclass(frozen=True)
class Context:
    node: Area
    subject: str  # 街道 / 社区 / 网格


def _nonzero(value) -> bool:
    return value is not None and value != 0


def _paragraph(lead: str, *sentences: list[str | None]) -> str | None:
    """ "Lead。clause，clause。clause。" — None when no clause is left."""
    written = ["，".join(c for c in clauses if c) for clauses in sentences]
    written = [s for s in written if s]
    if not written:
        return None
    return lead + "".join(f"{s}。" for s in written)


def _count(v: dict, key: str, template: str, unit: str, *, say=about) -> str | None:
    value = v.get(key)
    if not _nonzero(value):
        return None
    return template.format(say(int(value), unit))


def _organisation(v: dict, ctx: Context) -> list[str | None]:
    communities, grids = v.get("communities") or 0, v.get("grids") or 0
    workers, volunteers = v.get("grid_workers") or 0, v.get("volunteers") or 0
    structure = None
    if communities and grids:
        structure = f"将{exact(communities, '个')}社区科学划分为{exact(grids, '个')}网格"
    elif grids:
        structure = f"划分为{exact(grids, '个')}网格"
    elif communities:
        structure = f"下辖{exact(communities, '个')}社区"
    staffing = None
    if workers and workers == grids:
        staffing = "每个网格配备1名专职网格员"
        if volunteers:
            staffing += f"，共有志愿者{exact(volunteers, '名')}"
    elif workers or volunteers:
        people = [
            f"专职网格员{exact(workers, '名')}" if workers else None,
            f"志愿者{exact(volunteers, '名')}" if volunteers else None,
        ]
        staffing = "配备" + "、".join(p for p in people if p)
    opening = None
    if ctx.node.kind == AreaKind.SUBDISTRICT and grids:
        opening = f"{ctx.subject}建立“街道—社区—网格—楼栋”四级治理体系"
    return [
        _paragraph(
            "优化网格架构。",
            [
                opening,
                structure,
                _count(v, "buildings", "覆盖楼栋{}", "栋", say=exact),
                staffing,
                _count(v, "service_teams", "组建特色服务队{}", "支", say=exact),
            ],
            [
                _count(
                    v,
                    "red_stations",
                    "设立“红色驿站”党群服务点{}，提供便民工具共享、政策咨询等服务",
                    "个",
                    say=exact,
                )
            ],
        )
    ]


def _door_knocking(v: dict, ctx: Context) -> list[str | None]:
    found, fixed = v.get("issues_found") or 0, v.get("issues_fixed") or 0
    issues = None
    if fixed and about(found) == about(fixed):  # 35 found, 33 fixed: "30余件" once
        issues = f"解决各类问题{about(fixed, '件')}"
    elif found and fixed:
        issues = f"发现各类问题{about(found, '件')}，已解决{about(fixed, '件')}"
    elif fixed:
        issues = f"解决各类问题{about(fixed, '件')}"
    elif found:
        issues = f"发现各类问题{about(found, '件')}"
    return [
        _paragraph(
            "开展“敲门行动”。",
            [
                _count(v, "rounds", "网格员常态化开展“敲门行动”{}", "次"),
                _count(v, "households", "走访住户{}", "户"),
                issues,
            ],
        )
    ]


def _requests(v: dict, ctx: Context) -> list[str | None]:
    received = _count(v, "received", "累计受理报修、咨询等事项{}", "件")
    return [
        _paragraph(
            "搭建智慧治理平台。",
            [
                f"依托“码上居民议事厅”和“云上网格服务平台”，{received}" if received else None,
                rate_phrase("办结率", v.get("completion_rate")),
                rate_phrase("2小时内按时响应率", v.get("on_time_response_rate")),
                f"群众评单平均{decimal(v['avg_rating'])}分" if v.get("avg_rating") else None,
            ],
        )
    ]


def _disputes(v: dict, ctx: Context) -> list[str | None]:
    received, settled = v.get("received") or 0, v.get("settled") or 0
    criminal = v.get("civil_to_criminal")
    if received and criminal == 0:
        criminal_clause = "无民转刑案件发生"
    else:
        criminal_clause = _count(v, "civil_to_criminal", "发生民转刑案件{}", "起", say=exact)
    if received and about(received) == about(settled):  # 56 received, 52 settled: "50余件"
        handled = [f"{ctx.subject}排查化解各类矛盾纠纷{about(received, '件')}"]
    else:
        handled = [
            _count(v, "received", f"{ctx.subject}受理各类矛盾纠纷{{}}", "件"),
            _count(v, "settled", "成功调解{}", "件"),
        ]
    relapses = _count(v, "relapses", "回访中发现纠纷反复{}并及时重新调解", "起", say=exact)
    return [
        _paragraph(
            "健全三级调解网络。",
            [
                *handled,
                rate_phrase("调解成功率", v.get("success_rate"), reach=False),
                _count(v, "referred", "移交司法所、法院等专业力量{}", "件"),
                criminal_clause,
            ],
        ),
        _paragraph(
            "落实跟踪回访。",
            [
                "对调解成功的纠纷坚持“一事一回访”" if v.get("followup_compliance") else None,
                rate_phrase("按期回访率", v.get("followup_compliance")),
                relapses,
            ],
        ),
    ]


def _prevention(v: dict, ctx: Context) -> list[str | None]:
    found, resolved = v.get("risks_found") or 0, v.get("risks_resolved") or 0
    risks = None
    if found and resolved:
        risks = f"排查苗头性隐患{about(found, '起')}，已化解{about(resolved, '起')}"
    elif resolved:
        risks = f"已化解苗头性隐患{about(resolved, '起')}"
    elif found:
        risks = f"排查苗头性隐患{about(found, '起')}"
    return [
        _paragraph(
            "打造专业调解队伍。",
            [_count(v, "consultations", "推行“一社区一法律顾问”制度，提供法律答疑{}", "次")],
        ),
        _paragraph(
            "强化源头预防治理。",
            [
                _count(v, "screenings", "联合开展矛盾纠纷摸排{}", "次"),
                risks,
                _count(v, "key_persons", "动态更新重点人员档案{}", "份", say=exact),
            ],
        ),
    ]


def _patrols(v: dict, ctx: Context) -> list[str | None]:
    hours = v.get("hours")
    return [
        _paragraph(
            "织密治安防控网络。",
            [
                _count(v, "patrols", "采取“车巡+步巡”相结合方式开展治安巡逻{}", "次"),
                _count(v, "red_armband", "其中“红袖标”巡逻{}", "次"),
                _count(v, "person_times", "累计参与巡逻{}", "人次"),
                f"巡逻时长{about(int(hours), '小时')}" if hours and int(hours) else None,
            ],
            [rate_phrase("“护学岗”到岗率", v.get("guard_attendance_rate"))],
        )
    ]


def _publicity(v: dict, ctx: Context) -> list[str | None]:
    offline = [
        _count(v, "offline_copies", "发放宣传资料{}", "份"),
        _count(v, "offline_reached", "覆盖居民{}", "人次"),
    ]
    if any(offline):
        offline.insert(0, "线下在社区宣传栏设置专题板块")
    return [
        _paragraph(
            "创新平安宣传方式。",
            [
                _count(v, "activities", "围绕反邪教、反电诈、防溺水等重点开展平安宣传活动{}", "次"),
                _count(v, "copies", "共发放宣传资料{}", "份"),
                _count(v, "reached", "触达居民{}", "人次"),
            ],
            [_count(v, "items_pushed", "线上依托网格微信群累计推送安全提示及警示小视频{}", "条")],
            offline,
            [
                _count(v, "lectures", "举办法治讲座{}", "场"),
                _count(v, "attendance", "受众{}", "人次"),
            ],
            [_count(v, "joint_events", "联合派出所开展防范电信网络诈骗等宣传活动{}", "次")],
        )
    ]


def _deliberation(v: dict, ctx: Context) -> list[str | None]:
    satisfaction = v.get("satisfaction")
    flow = [
        _count(v, "raised", "收集居民提事{}", "件"),
        _count(v, "deliberated", "网格议事{}", "件"),
        _count(v, "done", "协同办结{}", "件"),
        _count(v, "projects_done", "完成民生项目{}", "个"),
        f"群众评事满意度平均{decimal(satisfaction)}分" if satisfaction else None,
    ]
    if any(flow):
        flow.insert(0, "通过“居民提事—网格议事—协同办事—群众评事”闭环流程")
    return [_paragraph("打造“网格议事厅”协商机制。", flow)]


def _care(v: dict, ctx: Context) -> list[str | None]:
    return [
        _paragraph(
            "做实特殊群体关爱。",
            [
                _count(
                    v,
                    "care_files",
                    "针对独居老人、残疾人等特殊群体建立“一对一”帮扶档案{}",
                    "份",
                    say=exact,
                ),
                _count(v, "care_visits", "提供助餐送药、健康监测等精准服务{}", "人次"),
                _count(v, "residents_visited", "走访服务对象{}", "人"),
                rate_phrase("走访覆盖率", v.get("visit_coverage")),
            ],
        )
    ]


def _volunteers(v: dict, ctx: Context) -> list[str | None]:
    hours = v.get("volunteer_hours")
    hours = int(hours) if hours else 0
    people = v.get("volunteers") or 0
    service = None
    if people and hours:
        service = f"{about(people, '名')}志愿者累计服务{about(hours, '小时')}"
    elif hours:
        service = f"志愿者累计服务{about(hours, '小时')}"
    elif people:
        service = f"{about(people, '名')}志愿者参与志愿服务"
    return [
        _paragraph(
            "激发群众自治活力。",
            [
                _count(v, "teams", "组建群众自治队伍{}", "支", say=exact),
                service,
            ],
        )
    ]


Writer = Callable[[dict, Context], list[str | None]]

# family name → (report section, writer). Door-knocking is self-governance in the figures but
# the article tells it with the grid structure (资源整合强基础), and so does the report.
WRITERS: dict[str, tuple[str, Writer]] = {
    "organisation": ("organisation", _organisation),
    "door_knocking": ("organisation", _door_knocking),
    "requests": ("organisation", _requests),
    "disputes": ("disputes", _disputes),
    "prevention": ("disputes", _prevention),
    "patrols": ("prevention", _patrols),
    "publicity": ("prevention", _publicity),
    "volunteers": ("self_governance", _volunteers),
    "care": ("self_governance", _care),
    "deliberation": ("self_governance", _deliberation),
}


def _plain(fam: FigureFamily, v: dict, ctx: Context) -> list[str | None]:
    """A family the report has no writer for: its measures, labelled, in one paragraph."""
    clauses = []
    with translation.override("zh-hans"):
        for measure in fam.measures:
            value = v.get(measure.key)
            if not _nonzero(value):
                continue
            if measure.kind == Kind.RATE:
                shown = percent(value)
            elif measure.kind == Kind.NUMBER:
                shown = f"{decimal(value)}{measure.unit}"
            else:
                shown = about(int(value), str(measure.unit))
            if shown:
                clauses.append(f"{measure.label}{shown}")
        lead = f"{fam.label}。"
    return [_paragraph(lead, clauses)]


def _section_of(fam: FigureFamily) -> str:
    if fam.name in WRITERS:
        return WRITERS[fam.name][0]
    for key, _heading, sections in REPORT_SECTIONS:
        if fam.section in sections:
            return key
    return REPORT_SECTIONS[-1][0]


def _writer_order(fam: FigureFamily) -> int:
    names = list(WRITERS)
    return names.index(fam.name) if fam.name in names else len(names)


SHARED = "report"


@summaries.reading()
def _shared_for(node: int, start: str, end: str, yoy: int) -> dict:
    """{family: its figures overall}: what compose() shares, from plain values."""
    area, period = node_and_period(node, start, end, yoy)
    return {fam.name: fam.compute(area, period) for fam in families()}


def register() -> None:
    """Called from DongfengConfig.ready()."""
    register_shared(SHARED, _shared_for)


@summaries.reading()
def compose(node: Area, period: Period, *, today: date) -> Report:
    """The report for `node`'s subtree over `period` (the caller has checked the user may
    see `node`). One `compute()` per registered family: a fixed number of queries."""
    ctx = Context(node=node, subject=SUBJECT.get(node.kind, ""))
    paragraphs: dict[str, list[str]] = {key: [] for key, _h, _s in REPORT_SECTIONS}
    figures: dict[str, dict] = {}
    registered = families()
    ordered = sorted(registered, key=lambda f: (_writer_order(f), registered.index(f)))
    # The figures of a node and period are shared, as the overview's are.
    computed = shared(SHARED, node_params(node, period))
    for fam in ordered:
        values = computed[fam.name]
        figures[fam.name] = values
        if not any(_nonzero(values.get(m.key)) for m in fam.measures) and not any(
            _nonzero(value) for value in values.values() if isinstance(value, int | float)
        ):
            continue  # nothing in the period: the family leaves no trace
        written = WRITERS[fam.name][1](values, ctx) if fam.name in WRITERS else None
        if written is None:
            written = _plain(fam, values, ctx)
        paragraphs[_section_of(fam)].extend(p for p in written if p)
    named, opening = period_words(period, today)
    last = period.end - timedelta(days=1)
    return Report(
        area=node,
        period=period,
        title=f"{node.name}{named}平安建设工作总结",
        date_line=date_line(period.start, last),
        intro=(
            f"{opening}，{node.name}立足基层治理实际，通过整合资源力量、健全工作机制、"
            "创新服务方式，推进“党建引领、多元参与、协同共治”的平安建设，现将工作情况总结如下。"
        ),
        sections=[
            ReportSection(key, heading, paragraphs[key]) for key, heading, _s in REPORT_SECTIONS
        ],
        figures=figures,
    )

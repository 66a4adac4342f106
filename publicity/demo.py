"""Dongfeng's publicity year as the article tells it, for the demo.

- 三大宣传重点 (反邪教, 反电诈, 防溺水): 215 safety tips and warning videos pushed to the grids'
  WeChat groups (累计转发安全提示及警示小视频200余条);
- the anti-fraud campaign (still running): bulletin-board features and leaflets, 2,0xx copies
  handed out and 6,5xx residents reached (发放宣传资料2000余份，覆盖居民6500余人次) against its
  goals of 2,000 and 6,000; its bulletin boards are also listed under the focus campaign
  (counted once); the last five grids by code (DF-08-04, DF-09-01…04) not reached yet;
- 普法: 5 legal lectures, 6,0xx leaflets, 8,0xx in the audience (法治讲座5场 … 6000余份 …
  8000人次);
- 22 joint events with the police station against telecom and elderly fraud (20余次);
- a dozen published cases in the library, one from a closed dispute.

Every activity lies in the past and inside its campaign's period. Rows are written with
bulk_create (activities, their campaign links, cases and their events). Idempotent: skipped
when the anti-fraud campaign exists.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from grids.choices import AreaKind, Role
from grids.models import Area, Assignment, User
from publicity.choices import CaseEventKind, CaseStatus, Channel, Metric
from publicity.models import Activity, Campaign, CampaignGoal, Case, CaseEvent, Partner, Topic

ANTI_FRAUD_TITLE = "反电诈 守好“钱袋子”宣传行动"

CASES = [
    (
        "anti_fraud",
        "冒充电商客服“退款”骗局",
        "居民王某接到自称网购平台客服的电话，称其购买的商品有质量问题可以退款，诱导其下载屏幕共享软件并输入银行卡验证码，被骗3.2万元。",
        "正规客服不会要求下载共享屏幕软件或索要验证码；遇到“退款”“理赔”电话，先挂断再通过官方渠道核实。",
    ),
    (
        "anti_fraud",
        "刷单返利陷阱",
        "年轻居民在兼职群看到“点赞刷单日赚300元”，前几单小额返利后被要求垫付大额资金，最终无法提现，损失1.8万元。",
        "刷单本身违法，所有刷单都是诈骗；先尝甜头再骗大钱是惯用套路。",
    ),
    (
        "anti_fraud",
        "冒充公检法“安全账户”",
        "独居老人接到自称公安局的电话，称其涉嫌洗钱，要求将存款转入“安全账户”配合调查，幸被网格员及时发现劝阻。",
        "公检法机关不会电话办案，更没有“安全账户”；接到此类电话请立即告诉家人或网格员。",
    ),
    (
        "anti_fraud",
        "虚假投资理财平台",
        "居民经“老师”拉入股票群，在虚假平台投资，账面收益诱人却无法提现，累计投入5万元。",
        "不轻信陌生人推荐的投资平台，高收益背后往往是高风险甚至骗局。",
    ),
    (
        "elderly_fraud",
        "保健品“免费体验”骗局",
        "商家以免费体验、赠送鸡蛋为诱饵吸引老人听课，夸大保健品功效，高价推销，多位老人购买数千元产品。",
        "保健品不能代替药品；“免费”“赠送”背后多有陷阱，购买前与子女商量。",
    ),
    (
        "elderly_fraud",
        "以“养老项目投资”为名非法集资",
        "某公司承诺投资养老公寓可获高额回报并优先入住，吸收多名老人资金后失联。",
        "养老投资要查验资质，承诺保本高息的多为非法集资。",
    ),
    (
        "elderly_fraud",
        "冒充社保工作人员办理“养老金认证”",
        "骗子冒充社保工作人员上门，以养老金资格认证为名套取老人银行卡信息。",
        "养老金认证可在社区或官方软件免费办理，不需要提供银行卡密码。",
    ),
    (
        "anti_cult",
        "打着“气功治病”幌子的邪教活动",
        "有人在公园以练功祛病为名拉拢中老年人参加活动，散发宣传品，经居民举报被依法处置。",
        "相信科学，生病就医；发现可疑传教活动及时向社区或派出所报告。",
    ),
    (
        "anti_cult",
        "网络邪教“末日”谣言",
        "某居民在微信群转发“末日来临”等谣言，经网格员核实为邪教组织散布的内容，群内及时澄清。",
        "不信谣、不传谣；遇到宣扬“末日”“消灾”的信息向网格员反映。",
    ),
    (
        "drowning",
        "暑期野外水域溺水险情",
        "两名中学生结伴到河道游泳，一人腿部抽筋，幸被路过群众救起。",
        "不私自下水游泳，不到无安全设施的水域；发现险情呼救并拨打110，不盲目施救。",
    ),
    (
        "drowning",
        "冰面玩耍落水",
        "冬季孩童在结冰的池塘上玩耍，冰面破裂落水，被家长及时救起。",
        "冰面承重不可靠，不在冰面行走玩耍；家长要看护好孩子。",
    ),
    (
        "legal_education",
        "邻里漏水纠纷经调解化解",
        "楼上住户水管破裂导致楼下受损，双方因赔偿争执不下，社区调解委员会组织调解达成协议。",
        "遇到纠纷先找社区调解，依法理性表达诉求，避免矛盾激化。",
    ),
]


def _user(username: str, role: str, area: Area) -> User | None:
    found = User.objects.filter(username=username).first()
    if found:
        return found
    assignment = (
        Assignment.objects.filter(role=role, area=area)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def _days(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


@transaction.atomic
def seed_publicity(root: Area) -> int:
    """The demo's campaigns, activities and cases; returns the number of activities written."""
    if Campaign.objects.filter(title=ANTI_FRAUD_TITLE).exists():
        return 0
    rng = random.Random("2026-publicity")
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    year_start = today - timedelta(days=330)
    root = Area.objects.get(pk=root.pk)
    official = (
        _user("official", Role.OFFICIAL, root) or User.objects.filter(is_superuser=True).first()
    )
    grids = list(Area.objects.filter(tree_id=root.tree_id, kind=AreaKind.GRID).order_by("code"))
    workers = {
        a.area_id: a.user
        for a in Assignment.objects.filter(role=Role.GRID_WORKER, area__in=grids).select_related(
            "user"
        )
    }
    topics = {t.code: t for t in Topic.objects.all()}
    partners = {p.code: p for p in Partner.objects.all()}

    def campaign(title, start, end, topic_codes, partner_codes, goals, description=""):
        made = Campaign.objects.create(
            title=title,
            area=root,
            start=start,
            end=end,
            owner=official,
            description=description,
        )
        made.areas.set([root])
        made.topics.set([topics[c] for c in topic_codes])
        made.partners.set([partners[c] for c in partner_codes])
        CampaignGoal.objects.bulk_create(
            [CampaignGoal(campaign=made, metric=m, target=t) for m, t in goals.items()]
        )
        return made

    focus = campaign(
        "三大重点平安宣传(反邪教·反电诈·防溺水)",
        year_start,
        today + timedelta(days=34),
        ["anti_cult", "anti_fraud", "drowning"],
        [],
        {Metric.ITEMS_PUSHED: 200},
        "依托网格微信群、社区宣传栏线上线下结合，实现全覆盖。",
    )
    fraud = campaign(
        ANTI_FRAUD_TITLE,
        year_start + timedelta(days=60),
        today + timedelta(days=34),
        ["anti_fraud"],
        ["police_station"],
        {Metric.COPIES_HANDED_OUT: 2000, Metric.PEOPLE_REACHED: 6000},
        "社区宣传栏设置专题板块，同步发放宣传资料，覆盖居民。",
    )
    law = campaign(
        "法治讲座进社区",
        year_start,
        yesterday,
        ["legal_education"],
        ["judicial_office"],
        {Metric.EVENTS: 5, Metric.ATTENDANCE: 8000, Metric.COPIES_HANDED_OUT: 6000},
    )
    joint = campaign(
        "联合派出所防范电信网络诈骗和养老诈骗",
        year_start,
        yesterday,
        ["anti_fraud", "elderly_fraud"],
        ["police_station", "womens_federation"],
        {Metric.EVENTS: 20},
    )

    rows: list[tuple[Activity, list[Campaign]]] = []

    def add(campaigns, channel, area, day, **counts):
        run_by = workers.get(area.pk) or official
        rows.append(
            (
                Activity(channel=channel, area=area, date=day, run_by=run_by, **counts),
                campaigns,
            )
        )

    # 215 pushes (tips and warning videos) to the grids' WeChat groups, five per grid.
    for grid in grids:
        for n in range(5):
            channel = Channel.SHORT_VIDEO if n == 4 else Channel.WECHAT_PUSH
            add(
                [focus],
                channel,
                grid,
                _days(rng, year_start, yesterday),
                items_pushed=1,
                people_reached=rng.randint(60, 180),
            )
    # The anti-fraud campaign: a bulletin-board feature and a leaflet day in 38 of 43 grids;
    # the last five grids by code are the ones not reached yet.
    reached = grids[:-5]
    fraud_start = fraud.start
    for index, grid in enumerate(reached):
        add(
            [fraud, focus],
            Channel.BULLETIN_BOARD,
            grid,
            _days(rng, fraud_start, yesterday),
            people_reached=80 + index % 7 * 3,
        )
        add(
            [fraud],
            Channel.LEAFLETS,
            grid,
            _days(rng, fraud_start, yesterday),
            copies_handed_out=53 + index % 3,
            people_reached=75 + index % 5 * 4,
        )
    # 5 legal lectures, one per quarter-ish, in five communities.
    communities = list(Area.objects.filter(parent=root, kind=AreaKind.COMMUNITY).order_by("code"))
    span = (yesterday - year_start).days
    for n in range(5):
        add(
            [law],
            Channel.LECTURE,
            communities[n % len(communities)],
            year_start + timedelta(days=span * (2 * n + 1) // 10),
            attendance=1610 + n * 3,
            copies_handed_out=1205 + n,
            people_reached=1610 + n * 3,
        )
    # 22 joint events with the police station.
    for n in range(22):
        add(
            [joint],
            Channel.JOINT_EVENT,
            communities[n % len(communities)],
            year_start + timedelta(days=span * n // 22 + 3),
            attendance=rng.randint(40, 90),
            copies_handed_out=rng.randint(30, 60),
            people_reached=rng.randint(60, 120),
        )

    activities = Activity.objects.bulk_create([activity for activity, _ in rows])
    Link = Activity.campaigns.through
    Link.objects.bulk_create(
        [
            Link(activity_id=activity.pk, campaign_id=c.pk)
            for activity, (_, campaigns) in zip(activities, rows, strict=True)
            for c in campaigns
        ]
    )
    _cases(root, official, topics, today, grids)
    return len(activities)


def _cases(root: Area, official: User, topics: dict, today: date, grids: list[Area]) -> None:
    from disputes.models import Dispute

    closed = (
        Dispute.objects.filter(area__tree_id=root.tree_id)
        .exclude(status="open")
        .order_by("pk")
        .first()
    )
    cases = Case.objects.bulk_create(
        [
            Case(
                title=title,
                topic=topics[code],
                area=root,
                summary=summary,
                lesson=lesson,
                status=CaseStatus.PUBLISHED,
                published_at=timezone.now() - timedelta(days=200 - 15 * n),
                created_by=official,
                source_dispute=closed if code == "legal_education" else None,
            )
            for n, (code, title, summary, lesson) in enumerate(CASES)
        ]
    )
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(case=case, actor=official, kind=kind, from_status=old, to_status=new)
            for case in cases
            for kind, old, new in (
                (CaseEventKind.CREATED, "", CaseStatus.DRAFT),
                (CaseEventKind.PUBLISHED, CaseStatus.DRAFT, CaseStatus.PUBLISHED),
            )
        ]
    )
    # The material used: each leaflet day of the anti-fraud campaign hands out a fraud case.
    fraud_case = next(c for c in cases if c.topic.code == "anti_fraud")
    Activity.objects.filter(channel=Channel.LEAFLETS, campaigns__title=ANTI_FRAUD_TITLE).update(
        material=fraud_case
    )

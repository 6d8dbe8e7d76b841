"""陕西省高层次人才特殊支持计划实施办法 (特支办法, ``SX-TZ``).

Seven programmes, one per project or subtype (第三条): 杰出人才 (``outstanding``, two
fields), the four 领军人才 subtypes (``leader.innovation``, ``leader.entre``,
``leader.pss``, ``leader.teacher``), 青年拔尖人才 (``youth``) and 区域发展人才
(``regional``). All numbers are in ``params/tezhi.toml``.

Input conventions
-----------------
* ``application.field``: ``natsci`` | ``eng`` | ``pss`` (哲学社会科学) | ``culture``.
* ``application.facts.shaanxi.platform``: the platform department the application went to
  (``org_dept``, ``hrss``, ``sci_tech``, ``defense``, ``publicity``, ``higher_edu_committee``,
  ``education``, ``sasac``); checked against 第四条 (错位申报).
* ``application.facts.shaanxi.tezhi.amount``: the amount the advisory review
  (第十二条) proposes; validated against 第十七条–第十九条, never clamped.
* ``person.facts.shaanxi.tezhi.teaching_sector``: the teaching sector of a 教学名师.
* ``organisations[role=company]``: the company of a 科技创业领军人才; its
  ``facts.shaanxi.applicant_is_legal_rep`` and the shared shareholding facts.
* ``history.applications`` / ``history.selections``: ``programme`` is a talentkit programme
  id; application ``status`` ``pending`` means submitted and not yet decided; selection
  ``status`` ``active`` means within support.
* ``history.applications[].facts`` do not exist: the batch is implied by ``pending``.

「以50周岁以下中青年人才为主」 and 「重视遴选中青年」 are priorities (scoring), never
filters; the head-count targets (第一条, 第五条–第八条) are parameters reported per
cohort, never caps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from talentkit import (
    AgeAtMost,
    AllOf,
    AnyOf,
    ApplicationLimit,
    Attested,
    Citation,
    Compare,
    Count,
    Document,
    Duration,
    ExitRule,
    External,
    F,
    FactScope,
    FactSpec,
    FactType,
    FundingDecl,
    Informational,
    Judgement,
    Not,
    Obligation,
    OneOf,
    OneOff,
    P,
    Programme,
    Range,
    Rule,
    ScoreItem,
    Text,
    Title,
    When,
)
from talentkit_shaanxi.common import (
    EMPLOYER,
    JURISDICTION,
    REFERENCE,
    TZ,
    in_shaanxi,
    in_xian_urban_area,
    tz,
)

DOCUMENTS: tuple[Document, ...] = ()  # SX-TZ is registered by common.py

OUTSTANDING = "shaanxi.tezhi.outstanding"
LEADER_INNOVATION = "shaanxi.tezhi.leader.innovation"
LEADER_ENTRE = "shaanxi.tezhi.leader.entre"
LEADER_PSS = "shaanxi.tezhi.leader.pss"
LEADER_TEACHER = "shaanxi.tezhi.leader.teacher"
YOUTH = "shaanxi.tezhi.youth"
REGIONAL = "shaanxi.tezhi.regional"
ALL_IDS = (
    OUTSTANDING,
    LEADER_INNOVATION,
    LEADER_ENTRE,
    LEADER_PSS,
    LEADER_TEACHER,
    YOUTH,
    REGIONAL,
)

FIELD = "application.field"
PLATFORM = "application.facts.shaanxi.platform"
AMOUNT = "application.facts.shaanxi.tezhi.amount"
PASSED_ON = "application.facts.shaanxi.tezhi.passed_to_expert"
SECTOR = "person.facts.shaanxi.tezhi.teaching_sector"
COMPANY = "organisations[role=company]"

F_LARGEST = F(f"{COMPANY}.facts.shaanxi.largest_other_stake")

PENDING = ("pending",)
ACTIVE = ("active",)


def _f(
    name: str,
    type_: FactType,
    scope: FactScope,
    zh: str,
    en: str,
    values: tuple[str, ...] = (),
    labels: Mapping[str, Text] | None = None,
) -> FactSpec:
    """A declared fact; a closed set of ``values`` has a ``label`` for each value."""
    return FactSpec(
        name=name, type=type_, scope=scope, text=Text(zh, en), values=values, labels=labels or {}
    )


FACTS: tuple[FactSpec, ...] = (
    _f(
        "shaanxi.tezhi.amount",
        "yuan",
        "application",
        "专家咨询顾问会议审核的特殊支持经费额度（第十二条）",
        "special-support amount proposed by the advisory review (art. 12)",
    ),
    _f(
        "shaanxi.tezhi.passed_to_expert",
        "yuan",
        "application",
        "用人单位承诺全额用于入选专家的金额（第二十四条）",
        "amount the employer commits to use in full for the expert (art. 24)",
    ),
    _f(
        "shaanxi.tezhi.teaching_sector",
        "str",
        "person",
        "教学名师所在教育领域",
        "education sector of a master teacher",
        (
            "higher",
            "higher_vocational",
            "preschool",
            "primary_secondary",
            "secondary_vocational",
            "special",
            "other",
        ),
        labels={
            "higher": Text("高等教育", "higher education"),
            "higher_vocational": Text("高等职业教育", "higher vocational education"),
            "preschool": Text("学前教育", "preschool education"),
            "primary_secondary": Text("中小学教育", "primary and secondary education"),
            "secondary_vocational": Text("中等职业教育", "secondary vocational education"),
            "special": Text("特殊教育", "special education"),
            "other": Text("其他", "other"),
        },
    ),
    _f(
        "shaanxi.applicant_is_legal_rep",
        "bool",
        "organisation",
        "申报人为企业法人代表",
        "the applicant is the company's legal representative",
    ),
)

# -- helpers ------------------------------------------------------------------------------------


def _text(zh: str, en: str) -> Text:
    return Text(zh, en)


def fields(param: str) -> OneOf:
    return OneOf(fact=FIELD, values=P(param))


NATSCI_ENG = "shaanxi.tezhi.fields.natsci_eng"
PSS_CULTURE = "shaanxi.tezhi.fields.pss_culture"


def common_rules(pid: str, sub: str) -> list[Rule]:
    """Rules every 特支 programme shares: in the province, the right platform, and the
    application discipline of 第二十六条 (多头, 重复)."""
    others = tuple(x for x in ALL_IDS if x != pid)
    art26 = tz(
        "第二十六条",
        "建立“特支计划”申报推荐约束机制，避免多头申报、重复申报和错位申报，"
        "提高计划实施的公正性和科学性。",
        "art26",
    )
    return [
        # 「面向全省」 names the province, not full-time work: 千人 第三十八条 lets a
        # long-term selectee who only intends to come full time apply (the gate checks it)
        attrs.evolve(
            in_shaanxi(EMPLOYER),
            id="shaanxi.tezhi.common.in_province",
            cite=tz(
                "第一条",
                "面向全省重点遴选1500名左右自然科学、工程技术和哲学社会科学领域的"
                "杰出人才、领军人才、青年拔尖人才和区域发展人才",
                "art1",
            ),
            text=_text(
                "申报人的用人单位在陕西省内（面向全省遴选；不要求全职）",
                "the applicant's employer is in Shaanxi (selection across the province; "
                "full-time work is not required)",
            ),
        ),
        # 第二十六条 calls for a mechanism against 错位申报 without setting it: a wrong
        # platform is for the platform to settle, not a failure the text states
        AnyOf(
            id="shaanxi.tezhi.discipline.platform",
            rules=(
                OneOf(fact=PLATFORM, values=P(f"shaanxi.tezhi.{sub}.platforms")),
                Judgement(
                    id="shaanxi.tezhi.discipline.platform",
                    criterion=_text(
                        "向其他平台部门提交的申报不属错位申报（第二十六条约束机制）",
                        "the application through another platform is not misplaced "
                        "(the mechanism of 第二十六条)",
                    ),
                    decided_by=_text("人才办、平台部门", "talent office, platform"),
                ),
            ),
            cite=tz("第四条第二款", _PLATFORM_QUOTE, "art4/p2"),
            text=_text(
                "向本项目的平台部门申报；向其他平台申报的，由平台部门判断是否错位申报",
                "applied through this project's platform department; through another, "
                "the platform decides whether it is misplaced",
            ),
        ),
        # 多头申报: the mechanism is the platforms' and names no consequence; which of two
        # pending applications stands follows the order of submission (an operator
        # parameter, first come: the later one is the one that makes them multiple)
        ApplicationLimit(
            id="shaanxi.tezhi.discipline.multiple",
            collection="history.applications",
            where=AllOf(
                rules=(OneOf(fact="programme", values=others), OneOf(fact="status", values=PENDING))
            ),
            limit=1,
            order=P("shaanxi.tezhi.application_order"),
            label=_text("其他特支项目在审申请", "pending applications to other 特支 projects"),
            cite=art26,
            text=_text(
                "同一人不得同时申报两个以上特支项目（多头申报；有其他在审申请的，按提交先后判定）",
                "no two 特支 projects applied to at the same time (multiple applications; with "
                "another pending, decided by the order of submission)",
            ),
        ),
        Count(
            id="shaanxi.tezhi.discipline.repeat",
            collection="history.selections",
            where=AllOf(
                rules=(Compare(fact="programme", value=pid), OneOf(fact="status", values=ACTIVE))
            ),
            op="==",
            value=0,
            label=_text("本项目在支持期内的入选", "active selections in this project"),
            cite=art26,
            text=_text(
                "已入选本项目且在支持期内的，不得重复申报",
                "no repeat application while a selection in this project is active",
            ),
        ),
        # not a 「一般」 clause: the platform decides, so a Judgement, not a soft rule
        AnyOf(
            id="shaanxi.tezhi.discipline.other_active",
            rules=(
                Count(
                    collection="history.selections",
                    where=AllOf(
                        rules=(
                            OneOf(fact="programme", values=others),
                            OneOf(fact="status", values=ACTIVE),
                        )
                    ),
                    op="==",
                    value=0,
                    label=_text(
                        "其他特支项目在支持期内的入选", "active selections in other 特支 projects"
                    ),
                ),
                Judgement(
                    id="shaanxi.tezhi.discipline.other_active",
                    criterion=_text(
                        "在其他特支项目支持期内的申报不属重复申报",
                        "the application during another 特支 project's support is not a repeat",
                    ),
                    decided_by=_text("平台部门", "platform"),
                ),
            ),
            cite=art26,
            text=_text(
                "在支持期内申报其他特支项目的，由平台部门审核是否属重复申报",
                "an application to another 特支 project while a selection is "
                "active goes to the platform to decide whether it is a repeat",
            ),
        ),
    ]


_PLATFORM_QUOTE = (
    "省委组织部、省人社厅设立杰出人才、区域发展人才平台，省科技厅、省国防科工办设立"
    "科技创新领军人才和科技创业领军人才平台，省委宣传部设立哲学社会科学和文化艺术"
    "领域领军人才平台，省委高教工委、省教育厅设立教学名师平台，省委组织部、省委宣传"
    "部、省委高教工委、省科技厅、省人社厅、省国资委、省国防科工办等共同设立青年拔尖"
    "人才平台。"
)

ART24_QUOTE = (
    "特殊支持经费必须全部用于入选专家，用人单位不得截留挪用，不得拖延拨付，不得提取管理"
    "费用。赋予入选专家经费自主支配权。"
)
ART24 = tz("第二十四条", ART24_QUOTE, "art24")


def pass_through(item: str, condition: Rule | None = None) -> Obligation:
    """第二十四条: the employer uses the whole special-support amount for the expert."""
    return Obligation(
        id=f"{item}.pass_through",
        obligor="employer",
        committed=PASSED_ON,
        ratio=P("shaanxi.tezhi.pass_through_share"),
        of=item,
        per="period",
        condition=condition,
        cite=ART24,
        text=_text(
            "经费全部用于入选专家，不得截留、不得提取管理费",
            "the whole amount goes to the expert: nothing retained, no management fee",
        ),
    )


def amount_range(
    item: str, low: str | None, high: str, cite: Citation, text: Text, condition: Rule | None = None
) -> Range:
    return Range(
        id=item,
        payee="employer",
        decided=AMOUNT,
        cite=cite,
        text=text,
        low=P(low) if low else None,
        high=P(high),
        condition=condition,
        schedule=OneOff(
            when=_text(
                "拨付方式按平台部门实施细则（办法未规定）",
                "payment schedule per the platform's detailed rules (not stated in the measure)",
            )
        ),
    )


def midyoung(item_id: str, param: str, cite: Citation, text: Text) -> ScoreItem:
    return ScoreItem(
        id=item_id,
        cite=cite,
        text=text,
        weight=P("shaanxi.tezhi.midyoung_weight"),
        rule=AgeAtMost(
            birth="person.birth_date",
            years=P(param),
            method=P("shaanxi.age_method"),
            attained=P("shaanxi.age_attained"),
            leap_day=P("shaanxi.leap_day"),
        ),
    )


ROLLING = ExitRule(
    id="shaanxi.tezhi.funding.rolling",
    trigger="rolling_support",
    cite=tz(
        "第二十九条",
        "建立滚动支持机制。对成效显著、作出重要贡献的入选专家，经评估考核给予一定的滚动支持经费。",
        "art29",
    ),
    text=_text(
        "经评估考核给予滚动支持经费（金额未规定，记录决定）",
        "rolling support after evaluation (amount not stated; the decision is recorded)",
    ),
    decided_by=_text(
        "人才办会同平台部门（评估考核）", "talent office with the platform (evaluation)"
    ),
    when=Compare(fact="event.facts.shaanxi.approved", value=True),
    new_status="rolling_support",
)

# 第二十二条: the selectee's certificate; 第二十八条 退出 ends the selection and with it the
# standing the certificate attests
CERTIFICATE = Title(
    id="shaanxi.tezhi.title.certificate",
    holder="person",
    cite=tz(
        "第二十二条", "省委组织部、省人力资源和社会保障厅为“特支计划”入选者颁发证书。", "art22"
    ),
    text=_text("“特支计划”入选者证书", "certificate of selection to the special support plan"),
)

EXIT = ExitRule(
    id="shaanxi.tezhi.exit.withdrawal",
    trigger="misconduct",
    cite=tz(
        "第二十八条",
        "建立入选专家退出机制。对弄虚作假骗取入选资格的，违反职业道德、学术不端造成不良社会影"
        "响的，或者触犯国家法律法规的，应当及时予以退出。",
        "art28",
    ),
    text=_text(
        "弄虚作假、违反职业道德或学术不端造成不良社会影响、触犯法律法规的，予以退出",
        "fraud, ethics breaches or academic misconduct with an adverse social impact, "
        "or breaking the law: the expert exits",
    ),
    decided_by=_text("人才办（办法未明确，按惯例）", "talent office (the measure names no body)"),
    when=AnyOf(
        rules=(
            OneOf(fact="event.facts.shaanxi.cause", values=P("shaanxi.tezhi.exit.causes_always")),
            AllOf(
                rules=(
                    OneOf(
                        fact="event.facts.shaanxi.cause",
                        values=P("shaanxi.tezhi.exit.causes_impact"),
                    ),
                    OneOf(
                        fact="event.facts.shaanxi.impact", values=P("shaanxi.tezhi.exit.impacts")
                    ),
                )
            ),
        )
    ),
    new_status="exited",
    withdraw=("shaanxi.tezhi.title.certificate",),
)

TRANSFER = ExitRule(
    id="shaanxi.tezhi.post.transfer",
    trigger="transfer",
    cite=tz(
        "第二十四条、第二十七条",
        "入选专家经审批在省内转换工作单位，省财政给予的支持经费一并流转。"
        "……确需转换工作单位的，应由转入单位商转出单位提出申请，报人才办审批。",
        "art24,27",
    ),
    text=_text(
        "经人才办审批在省内转换工作单位：省财政支持经费随人流转到新单位",
        "an approved move to another unit in Shaanxi: the provincial support money "
        "follows the expert to the new unit",
    ),
    decided_by=_text(
        "人才办（转入单位商转出单位申请）",
        "talent office (on the receiving unit's application, agreed with the releasing unit)",
    ),
    when=AllOf(
        rules=(
            Compare(fact="event.facts.shaanxi.approved", value=True),
            Compare(fact="event.facts.shaanxi.new_province", value=P("shaanxi.geo.province")),
        )
    ),
    new_status="transferred_funds_follow",
)

INFO_COMMON: tuple[Informational, ...] = (
    Informational(
        cite=tz("第一条", "计划用5年左右时间，面向全省重点遴选1500名左右", "art1"),
        reason=_text(
            "总量与分项目标为监测指标（参数 shaanxi.tezhi.target.*），不作上限；分项目标"
            "合计1580名，与总量1500名不一致",
            "head-count targets are monitoring parameters "
            "(shaanxi.tezhi.target.*), never caps; the project targets add up to "
            "1,580, not the 1,500 headline",
        ),
    ),
    Informational(
        cite=tz(
            "第九条至第十五条", "拟入选名单须通过媒体向社会公示，公示期为7个工作日。", "art9-15"
        ),
        reason=_text(
            "遴选程序（部署、形式审查、分类评价、综合审核、公示、批准）属流程，不作资格检查；"
            "公示届满日作为程序期限显示（第十三条）",
            "selection procedure; not an eligibility check; the publicity's last day "
            "is shown as a procedure step (art. 13)",
        ),
    ),
    Informational(
        cite=tz(
            "第二十一条",
            "我省申报国家“万人计划”推荐人选，一般从省“特支计划”入选专家和“三秦学者”创新团队带"
            "头人中择优确定。",
            "art21",
        ),
        reason=_text(
            "国家“万人计划”推荐人选一般从特支入选专家和三秦带头人中产生：是入选后的推荐来"
            "源，不是申报条件",
            "national 万人计划 nominees are generally drawn from 特支 selectees "
            "and 三秦 leaders: a later nomination pool, not a condition",
        ),
    ),
    Informational(
        cite=tz(
            "第二十条",
            "有计划地培养推荐“特支计划”入选专家到国际组织和全国性学术组织任职。",
            "art20",
        ),
        reason=_text(
            "培养推荐入选专家到国际组织和全国性学术组织任职：入选后的培养措施，无可检查条件",
            "grooming selectees for posts in international and national academic bodies: "
            "development after selection, nothing to check",
        ),
    ),
    Informational(
        cite=tz(
            "第二十三条",
            "人才办会同有关部门研究制定相应政策，在科研管理、事业平台、人事制度、经费使用、"
            "考核评价、激励保障等方面，制定落实重点培养支持政策。",
            "art23",
        ),
        reason=_text(
            "培养支持政策由人才办会同有关部门另行制定，本条无可检查条件",
            "development and support policies are made separately by the talent office and "
            "departments: nothing to check here",
        ),
    ),
    Informational(
        cite=tz(
            "第二十五条",
            "党委组织部门要加强思想引导和政治引领，注意将入选专家纳入党委联系范围",
            "art25",
        ),
        reason=_text(
            "党委组织部门联系服务入选专家：管理职责，无可检查条件",
            "party organisation departments keep in touch with selectees: a duty of the "
            "authorities, nothing to check",
        ),
    ),
)


def _programme(
    pid: str,
    name: Text,
    summary: Text,
    rules: Sequence[Rule],
    funding: Sequence[FundingDecl],
    scoring: Sequence[ScoreItem] = (),
    info: Sequence[Informational] = (),
) -> Programme:
    return Programme(
        id=pid,
        jurisdiction=JURISDICTION,
        document=TZ,
        name=name,
        summary=summary,
        subject="person",
        rules=tuple(rules),
        funding=(*funding, CERTIFICATE),
        scoring=tuple(scoring),
        exits=(EXIT, ROLLING, TRANSFER),
        informational=(*info, *INFO_COMMON),
        reference=REFERENCE,
        valid_from=P("shaanxi.tezhi.valid_from"),
        validity_cite=tz("第三十七条", "本办法自发布之日起施行。", "art37"),
        tags=("tezhi",),
    )


# -- 杰出人才 (第五条, 第十六条) ------------------------------------------------------------------

_ART5 = "杰出人才。计划支持 30 名左右，每年遴选一批。重视遴选中青年杰出人才。"
_ART5_NAT = (
    "申报人研究方向应处于国内前沿领域，在基础学科、基础研究或应用研究、技术开发方面有重要"
    "发现，能够坚持全职潜心研究、技术创新，具有成长为中国科学院、中国工程院院士的潜力。"
)
_ART5_PSS = (
    "申报人研究方向应处于全国学术（创作）前沿，研究（创作）成果有重大学术影响或重大社会影响。"
)

OUTSTANDING_P = _programme(
    OUTSTANDING,
    _text("特支计划·杰出人才", "Special Support: outstanding talent"),
    _text(
        "自然科学和工程技术、哲学社会科学和文化艺术两类杰出人才，一事一议、按需支持",
        "outstanding talent in two fields; funding decided case by case",
    ),
    rules=[
        *common_rules(OUTSTANDING, "outstanding"),
        OneOf(
            id="shaanxi.tezhi.outstanding.field",
            fact=FIELD,
            values=P("shaanxi.tezhi.fields.all"),
            cite=tz("第五条", _ART5, "art5/p1"),
            text=_text(
                "申报领域为自然科学、工程技术、哲学社会科学或文化艺术",
                "the field is natural science, engineering, social science or culture and art",
            ),
        ),
        When(
            id="shaanxi.tezhi.outstanding.natsci",
            condition=fields(NATSCI_ENG),
            then=Judgement(
                id="shaanxi.tezhi.outstanding.natsci",
                criterion=_text(
                    "研究方向处于国内前沿，有重要发现，坚持全职潜心研究，具有成长为两院院士的潜力",
                    "research at the national frontier with important discoveries, full-time "
                    "dedication and the potential to become an academician",
                ),
            ),
            cite=tz("第五条第二款", _ART5_NAT, "art5/p2"),
            text=_text(
                "自然科学和工程技术领域杰出人才条件（专家评审）",
                "outstanding talent in natural science and engineering (panel)",
            ),
        ),
        When(
            id="shaanxi.tezhi.outstanding.pss",
            condition=fields(PSS_CULTURE),
            then=Judgement(
                id="shaanxi.tezhi.outstanding.pss",
                criterion=_text(
                    "研究方向处于全国学术（创作）前沿，成果有重大学术影响或重大社会影响",
                    "work at the national academic (creative) frontier with major academic or "
                    "social impact",
                ),
            ),
            cite=tz("第五条第三款", _ART5_PSS, "art5/p3"),
            text=_text(
                "哲学社会科学和文化艺术领域杰出人才条件（专家评审）",
                "outstanding talent in social science and culture (panel)",
            ),
        ),
    ],
    funding=[
        External(
            id="shaanxi.tezhi.funding.outstanding",
            payee="employer",
            reference="一事一议、按需支持（领导小组决定）",
            amount=P("shaanxi.tezhi.funding.outstanding_amount"),
            schedule=OneOff(when=_text("按一事一议决定", "as the case decision says")),
            cite=tz(
                "第十六条",
                "对于杰出人才，采取“一事一议、按需支持”方式给予经费保障，实"
                "行入选专家负责制，支持其开展探索性、原创性研究或重大文艺创作，用于人才培"
                "养、团队建设等。",
                "art16",
            ),
            text=_text(
                "杰出人才经费保障（一事一议、按需支持，入选专家负责制）",
                "outstanding-talent funding (case by case, as needed; the expert is responsible)",
            ),
        ),
        pass_through("shaanxi.tezhi.funding.outstanding"),
    ],
    scoring=[
        midyoung(
            "shaanxi.tezhi.outstanding.young_preference",
            "shaanxi.tezhi.outstanding.midyoung_max_age",
            tz("第五条", _ART5, "art5/p1"),
            _text(
                "中青年杰出人才（重视遴选，非资格条件）",
                "mid-career or young (a preference, not a condition)",
            ),
        ),
    ],
    info=[
        Informational(
            cite=tz("第五条第二款", "具有成长为中国科学院、中国工程院院士的潜力", "art5/p2"),
            reason=_text(
                "文本未排除现任院士；是否“具有潜力”由评审判断，不设自动标记",
                "the text does not exclude sitting academicians; "
                '"potential" is for the panel, no automatic flag',
            ),
        ),
    ],
)

# -- 领军人才 (第六条, 第十七条) ------------------------------------------------------------------

_ART6 = "领军人才。计划支持 850 名左右，每年遴选一批。"
_ART6_INNO = (
    "科技创新领军人才。计划支持 300 名左右。申报人应为主持重大科研任务、领衔高层次创新团"
    "队、领导省部级以上创新基地和重点学科（医学专科）建设的科技人才和科研管理人才，研究"
    "方向应属于我省中长期科学和技术发展（医疗卫生事业发展）规划确立的重点领域，研究工作"
    "具有重要创新性和发展前景。以 50 周岁以下中青年人才为主。"
)
_ART6_ENTRE = (
    "科技创业领军人才。计划支持 150 名左右。申报人应为企业主要创办者和实际控制人（为企"
    "业第一大股东或法人代表），运用自主知识产权创建科技企业的科技人才，或具有突出经营管"
    "理才能的高级管理人才。创业项目符合我省重点产业发展方向并处于领先地位。企业创办时间"
    "一般不超过"
    " 5 年，特殊情况可适当放宽。"
)
_ART6_PSS = (
    "哲学社会科学和文化艺术领域领军人才。计划支持 100 名左右。申报者必须拥护党的领导和中"
    "国特色社会主义制度，坚持正确政治方向，是主持重大课题任务、领导重点学科建设的专业人才"
    "和科研管理人才，或主持重大文艺创作的专业人才、管理人才，研究成果或创作作品有重要创新"
    "和重大影响。"
)
_ART6_TEACH = (
    "教学名师。计划支持 300 名左右。申报人应当忠诚于党和人民的教育事业，长期从事一线教"
    "学工作，对教育思想和教学方法有重要创新，教学成果和教育质量突出，在学生培养方面有突"
    "出贡献，教书育人，立德树人，为人师表，师德高尚，享有较高声望。"
)
_ART17_LEAD = (
    "给予科技创新领军人才、科技创业领军人才、哲学社会科学和文化艺术领域领军人才最高 "
    "100 万元的特殊支持，用于技术研发、课题研究、成果转化、文艺创作、人才培养和团队建设"
    "等"
)
_ART17_TEACH = (
    "给予高等教育（高等职业教育）领域的教学名师 50 万元—60 万元的特殊支持，给予学前教"
    "育、中小学教育、中等职业教育和特殊教育领域的教学名师 20 万元—30 万元的特殊支持"
)


def _leader_cap(pid: str) -> list[FundingDecl]:
    item = f"{pid}.funding"
    return [
        amount_range(
            item,
            None,
            "shaanxi.tezhi.funding.leader_max",
            tz("第十七条", _ART17_LEAD, "art17"),
            _text(
                "领军人才特殊支持（最高{leader_max:wan}万元）",
                "leader special support (up to {leader_max} yuan)",
            ),
        ),
        pass_through(item),
    ]


LEADER_INNOVATION_P = _programme(
    LEADER_INNOVATION,
    _text("特支计划·科技创新领军人才", "Special Support: science and technology innovation leader"),
    _text(
        "主持重大科研任务、领衔创新团队或领导省部级以上创新基地的科技人才，"
        "最高{leader_max:wan}万元",
        "leaders of major research, teams or provincial-level bases; up to {leader_max} yuan",
    ),
    rules=[
        *common_rules(LEADER_INNOVATION, "leader.innovation"),
        Attested(
            id="shaanxi.tezhi.leader.innovation.role",
            key="shaanxi.tezhi.leader.innovation.role",
            question=_text(
                "申报人主持重大科研任务、领衔高层次创新团队或领导省部级以上创新基"
                "地和重点学科（医学专科）建设",
                "the applicant leads a major research task, a high-level team, "
                "or the building of a provincial/ministerial-level base or key "
                "discipline (medical specialty)",
            ),
            cite=tz("第六条第二款", _ART6_INNO, "art6/p2"),
            text=_text("科技创新领军人才的角色", "the innovation leader's role"),
        ),
        Attested(
            id="shaanxi.tezhi.leader.innovation.field",
            key="shaanxi.tezhi.leader.innovation.key_area",
            question=_text(
                "研究方向属于我省中长期科学和技术发展（医疗卫生事业发展）规划确立的重点领域",
                "the research is in a key area of the provincial mid- to "
                "long-term S&T (health) plan",
            ),
            cite=tz("第六条第二款", _ART6_INNO, "art6/p2"),
            text=_text("研究方向属于规划重点领域", "research in a key area of the plan"),
        ),
        Judgement(
            id="shaanxi.tezhi.leader.innovation.merit",
            criterion=_text(
                "研究工作具有重要创新性和发展前景",
                "the work is highly innovative with good prospects",
            ),
            cite=tz("第六条第二款", _ART6_INNO, "art6/p2"),
            text=_text("创新性和发展前景（专家评审）", "innovation and prospects (panel)"),
        ),
    ],
    funding=_leader_cap(LEADER_INNOVATION),
    scoring=[
        midyoung(
            "shaanxi.tezhi.leader.innovation.age_preference",
            "shaanxi.tezhi.midyoung_max_age",
            tz("第六条第二款", _ART6_INNO, "art6/p2"),
            _text(
                "{shaanxi.tezhi.midyoung_max_age}周岁以下中青年人才（为主，非资格条件）",
                "aged {shaanxi.tezhi.midyoung_max_age} or under (the majority; not a condition)",
            ),
        ),
    ],
)

LEADER_ENTRE_P = _programme(
    LEADER_ENTRE,
    _text(
        "特支计划·科技创业领军人才",
        "Special Support: science and technology entrepreneurship leader",
    ),
    _text(
        "科技企业主要创办者和实际控制人，企业创办一般不超过{company_max_age}，"
        "最高{leader_max:wan}万元",
        "founder and controller of a technology company generally at most {company_max_age} "
        "old; up to {leader_max} yuan",
    ),
    rules=[
        *common_rules(LEADER_ENTRE, "leader.entre"),
        AllOf(
            id="shaanxi.tezhi.leader.entre.control",
            rules=(
                Attested(
                    key="shaanxi.tezhi.leader.entre.founder_controller",
                    question=_text(
                        "申报人为企业主要创办者和实际控制人",
                        "the applicant is the company's main founder and actual controller",
                    ),
                ),
                AnyOf(
                    rules=(
                        Compare(
                            fact=f"{COMPANY}.facts.shaanxi.applicant_stake",
                            op=">=",
                            value=F_LARGEST,
                        ),
                        Compare(fact=f"{COMPANY}.facts.shaanxi.applicant_is_legal_rep", value=True),
                    )
                ),
            ),
            cite=tz("第六条第三款", _ART6_ENTRE, "art6/p3"),
            text=_text(
                "企业主要创办者和实际控制人（第一大股东或法人代表）",
                "main founder and actual controller (largest shareholder or legal representative)",
            ),
        ),
        Attested(
            id="shaanxi.tezhi.leader.entre.profile",
            key="shaanxi.tezhi.leader.entre.profile",
            question=_text(
                "申报人运用自主知识产权创建科技企业，或具有突出经营管理才能",
                "the applicant founded a technology company on own IP, or has "
                "outstanding management ability",
            ),
            cite=tz("第六条第三款", _ART6_ENTRE, "art6/p3"),
            text=_text("科技人才或高级管理人才", "technology founder or senior manager"),
        ),
        Duration(
            id="shaanxi.tezhi.leader.entre.company_age",
            start=f"{COMPANY}.founded_on",
            at_most=P("shaanxi.tezhi.leader.entre.company_max_age"),
            soft=True,
            cite=tz("第六条第三款", "企业创办时间一般不超过 5 年，特殊情况可适当放宽。", "art6/p3"),
            text=_text(
                "企业创办时间一般不超过{company_max_age}（特殊情况可适当放宽）",
                "the company is in general at most {company_max_age} old (relaxable)",
            ),
            leap_day=P("shaanxi.leap_day"),
        ),
        Judgement(
            id="shaanxi.tezhi.leader.entre.industry",
            criterion=_text(
                "创业项目符合我省重点产业发展方向并处于领先地位",
                "the venture fits the province's key industries and leads in it",
            ),
            cite=tz("第六条第三款", _ART6_ENTRE, "art6/p3"),
            text=_text(
                "重点产业方向并处于领先地位（专家评审）",
                "key industry and leading position (panel)",
            ),
        ),
    ],
    funding=_leader_cap(LEADER_ENTRE),
)

LEADER_PSS_P = _programme(
    LEADER_PSS,
    _text(
        "特支计划·哲学社会科学和文化艺术领域领军人才",
        "Special Support: social science, culture and art leader",
    ),
    _text(
        "主持重大课题、领导重点学科或主持重大文艺创作的人才，最高{leader_max:wan}万元",
        "leaders of major projects, key disciplines or major creative work; up to {leader_max} "
        "yuan",
    ),
    rules=[
        *common_rules(LEADER_PSS, "leader.pss"),
        OneOf(
            id="shaanxi.tezhi.leader.pss.field",
            fact=FIELD,
            values=P(PSS_CULTURE),
            cite=tz("第六条第四款", _ART6_PSS, "art6/p4"),
            text=_text(
                "申报领域为哲学社会科学或文化艺术", "the field is social science or culture and art"
            ),
        ),
        Attested(
            id="shaanxi.tezhi.leader.pss.political",
            key="shaanxi.tezhi.leader.pss.political",
            question=_text(
                "申报者拥护党的领导和中国特色社会主义制度，坚持正确政治方向",
                "the applicant upholds the Party's leadership and the correct political direction",
            ),
            cite=tz("第六条第四款", _ART6_PSS, "art6/p4"),
            text=_text("政治条件（必须）", "political condition (mandatory)"),
        ),
        Attested(
            id="shaanxi.tezhi.leader.pss.role",
            key="shaanxi.tezhi.leader.pss.role",
            question=_text(
                "主持重大课题任务、领导重点学科建设，或主持重大文艺创作",
                "leads a major project or a key discipline, or major creative work",
            ),
            cite=tz("第六条第四款", _ART6_PSS, "art6/p4"),
            text=_text("领军角色", "leading role"),
        ),
        Judgement(
            id="shaanxi.tezhi.leader.pss.impact",
            criterion=_text(
                "研究成果或创作作品有重要创新和重大影响",
                "results or works are highly innovative with major impact",
            ),
            cite=tz("第六条第四款", _ART6_PSS, "art6/p4"),
            text=_text("创新和影响（专家评审）", "innovation and impact (panel)"),
        ),
    ],
    funding=_leader_cap(LEADER_PSS),
)

_HIGHER = OneOf(fact=SECTOR, values=P("shaanxi.tezhi.teacher.higher_sectors"))
_BASIC = OneOf(fact=SECTOR, values=P("shaanxi.tezhi.teacher.basic_sectors"))

LEADER_TEACHER_P = _programme(
    LEADER_TEACHER,
    _text("特支计划·教学名师", "Special Support: master teacher"),
    _text(
        "长期从事一线教学的教学名师：高等教育{teacher_higher_min:wan}万–"
        "{teacher_higher_max:wan}万元，基础教育{teacher_basic_min:wan}万–"
        "{teacher_basic_max:wan}万元",
        "master teachers: {teacher_higher_min}–{teacher_higher_max} yuan (higher education) "
        "or {teacher_basic_min}–{teacher_basic_max} (basic education)",
    ),
    rules=[
        *common_rules(LEADER_TEACHER, "leader.teacher"),
        AnyOf(
            id="shaanxi.tezhi.leader.teacher.level",
            rules=(
                _HIGHER,
                _BASIC,
                Judgement(
                    id="shaanxi.tezhi.leader.teacher.level",
                    criterion=_text(
                        "其他教育领域由平台部门按实施细则认定归属",
                        "another education sector: the platform maps it under its detailed rules",
                    ),
                    decided_by=_text("平台部门", "platform department"),
                ),
            ),
            cite=tz("第十七条", _ART17_TEACH, "art17"),
            text=_text(
                "教学领域属于高等教育（高职）或学前、中小学、中职、特殊教育",
                "teaches in higher (vocational) education or in preschool, primary/"
                "secondary, secondary vocational or special education",
            ),
        ),
        Attested(
            id="shaanxi.tezhi.leader.teacher.frontline",
            key="shaanxi.tezhi.leader.teacher.frontline",
            question=_text(
                "长期从事一线教学工作，师德高尚",
                "long front-line teaching and high professional ethics",
            ),
            cite=tz("第六条第五款", _ART6_TEACH, "art6/p5"),
            text=_text("长期一线教学、师德高尚", "long front-line teaching, sound ethics"),
        ),
        Judgement(
            id="shaanxi.tezhi.leader.teacher.merit",
            criterion=_text(
                "教育思想和教学方法有重要创新，教学成果和教育质量突出，享有较高声望",
                "important innovation in teaching, outstanding results and high standing",
            ),
            cite=tz("第六条第五款", _ART6_TEACH, "art6/p5"),
            text=_text("教学创新与声望（专家评审）", "teaching innovation and standing (panel)"),
        ),
    ],
    funding=[
        amount_range(
            "shaanxi.tezhi.leader.teacher.funding.higher",
            "shaanxi.tezhi.funding.teacher_higher_min",
            "shaanxi.tezhi.funding.teacher_higher_max",
            tz("第十七条", _ART17_TEACH, "art17"),
            _text(
                "高等教育（高等职业教育）领域教学名师特殊支持"
                "（{teacher_higher_min:wan}万–{teacher_higher_max:wan}万元）",
                "master teacher, higher education ({teacher_higher_min}–{teacher_higher_max} yuan)",
            ),
            condition=_HIGHER,
        ),
        amount_range(
            "shaanxi.tezhi.leader.teacher.funding.basic",
            "shaanxi.tezhi.funding.teacher_basic_min",
            "shaanxi.tezhi.funding.teacher_basic_max",
            tz("第十七条", _ART17_TEACH, "art17"),
            _text(
                "学前、中小学、中职、特殊教育领域教学名师特殊支持"
                "（{teacher_basic_min:wan}万–{teacher_basic_max:wan}万元）",
                "master teacher, basic education ({teacher_basic_min}–{teacher_basic_max} yuan)",
            ),
            condition=_BASIC,
        ),
        pass_through("shaanxi.tezhi.leader.teacher.funding.higher", _HIGHER),
        pass_through("shaanxi.tezhi.leader.teacher.funding.basic", _BASIC),
    ],
)

# -- 青年拔尖人才 (第七条, 第十八条) --------------------------------------------------------------

_ART7 = (
    "青年拔尖人才。计划支持 450 名左右。申报人在自然科学、工程技术、哲学社会科学和文化艺术"
    "重点领域崭露头角，获得较高学术成就，具有创新发展潜力，有一定社会影响。自然科学、工程技术"
    "领域，年龄不超过 35 周岁（女性不超过 37 周岁）；哲学社会科学、文化艺术领域，年龄不超过 3"
    "8 周岁（女性不超过 40 周岁）。一般应当取得博士学位。"
)
_ART18 = (
    "给予自然科学和工程技术领域青年拔尖人才 100 万元—200 万元的特殊支持，给予哲学社会科学和"
    "文化艺术领域青年拔尖人才 30 万元—60 万元的特殊支持"
)

YOUTH_P = _programme(
    YOUTH,
    _text("特支计划·青年拔尖人才", "Special Support: top young talent"),
    _text(
        "自然科学、工程技术不超过{natsci_max_age}周岁（女性放宽{natsci_female_extra}岁）、"
        "哲学社会科学和文化艺术不超过{youth.pss_max_age}周岁（女性放宽{pss_female_extra}岁），"
        "一般应取得博士学位",
        "natural science/engineering at most {natsci_max_age} (women {natsci_female_extra} "
        "years more), social science/culture at most {youth.pss_max_age} (women "
        "{pss_female_extra:# year|# years} more); a doctorate in general",
    ),
    rules=[
        *common_rules(YOUTH, "youth"),
        OneOf(
            id="shaanxi.tezhi.youth.field",
            fact=FIELD,
            values=P("shaanxi.tezhi.fields.all"),
            cite=tz("第七条", _ART7, "art7"),
            text=_text(
                "申报领域为自然科学、工程技术、哲学社会科学或文化艺术",
                "the field is natural science, engineering, social science or culture and art",
            ),
        ),
        AllOf(
            id="shaanxi.tezhi.youth.age",
            rules=(
                When(
                    condition=fields(NATSCI_ENG),
                    then=AgeAtMost(
                        years=P("shaanxi.tezhi.youth.natsci_max_age"),
                        method=P("shaanxi.age_method"),
                        female_extra=P("shaanxi.tezhi.youth.natsci_female_extra"),
                        attained=P("shaanxi.age_attained"),
                        leap_day=P("shaanxi.leap_day"),
                    ),
                ),
                When(
                    condition=fields(PSS_CULTURE),
                    then=AgeAtMost(
                        years=P("shaanxi.tezhi.youth.pss_max_age"),
                        method=P("shaanxi.age_method"),
                        female_extra=P("shaanxi.tezhi.youth.pss_female_extra"),
                        attained=P("shaanxi.age_attained"),
                        leap_day=P("shaanxi.leap_day"),
                    ),
                ),
            ),
            cite=tz(
                "第七条",
                "自然科学、工程技术领域，年龄不超过 35 周岁（女性不超过 37 周岁"
                "）；哲学社会科学、文化艺术领域，年龄不超过 38 周岁（女性不超过 40 周岁）。",
                "art7",
            ),
            text=_text(
                "年龄：自然科学、工程技术不超过{natsci_max_age}周岁（女性放宽"
                "{natsci_female_extra}岁）；哲学社会科学、文化艺术不超过{pss_max_age}周岁"
                "（女性放宽{pss_female_extra}岁）",
                "age: at most {natsci_max_age} ({natsci_female_extra} more for women) in natural "
                "science and engineering, {pss_max_age} ({pss_female_extra} more for women) in "
                "social science and culture",
            ),
        ),
        Compare(
            id="shaanxi.tezhi.youth.degree",
            fact="person.degree",
            value="doctor",
            soft=True,
            cite=tz("第七条", "一般应当取得博士学位。", "art7"),
            text=_text("一般应当取得博士学位", "in general holds a doctorate"),
        ),
        Judgement(
            id="shaanxi.tezhi.youth.merit",
            criterion=_text(
                "在重点领域崭露头角，获得较高学术成就，具有创新发展潜力，有一定社会影响",
                "has emerged in a key field with notable achievements, "
                "potential and some public standing",
            ),
            cite=tz("第七条", _ART7, "art7"),
            text=_text("学术成就与潜力（专家评审）", "achievements and potential (panel)"),
        ),
    ],
    funding=[
        amount_range(
            "shaanxi.tezhi.youth.funding.natsci",
            "shaanxi.tezhi.funding.youth_natsci_min",
            "shaanxi.tezhi.funding.youth_natsci_max",
            tz("第十八条", _ART18, "art18"),
            _text(
                "自然科学和工程技术领域青年拔尖人才特殊支持"
                "（{youth_natsci_min:wan}万–{youth_natsci_max:wan}万元）",
                "top young talent, natural science/engineering "
                "({youth_natsci_min}–{youth_natsci_max} yuan)",
            ),
            condition=fields(NATSCI_ENG),
        ),
        amount_range(
            "shaanxi.tezhi.youth.funding.pss",
            "shaanxi.tezhi.funding.youth_pss_min",
            "shaanxi.tezhi.funding.youth_pss_max",
            tz("第十八条", _ART18, "art18"),
            _text(
                "哲学社会科学和文化艺术领域青年拔尖人才特殊支持"
                "（{youth_pss_min:wan}万–{youth_pss_max:wan}万元）",
                "top young talent, social science/culture ({youth_pss_min}–{youth_pss_max} yuan)",
            ),
            condition=fields(PSS_CULTURE),
        ),
        pass_through("shaanxi.tezhi.youth.funding.natsci", fields(NATSCI_ENG)),
        pass_through("shaanxi.tezhi.youth.funding.pss", fields(PSS_CULTURE)),
    ],
    info=[
        Informational(
            cite=tz("第七条", _ART7, "art7"),
            reason=_text(
                "第七条未规定遴选频次（其他项目为“每年遴选一批”）",
                "art. 7 sets no selection frequency (the other projects say once a year)",
            ),
        ),
    ],
)

# -- 区域发展人才 (第八条, 第十九条) --------------------------------------------------------------

_ART8 = (
    "区域发展人才。计划支持 250 名左右，每年遴选一批。申报者为西安城区以外地区（含中央驻陕单"
    "位和省属单位）优秀人才，长期在基层一线工作，专业水平处于本地区一流水平，对本地区经济社会"
    "发展作出突出贡献，有较大社会影响。以 50 周岁以下中青年人才为主。"
)

REGIONAL_P = _programme(
    REGIONAL,
    _text("特支计划·区域发展人才", "Special Support: regional development talent"),
    _text(
        "西安城区以外长期在基层一线工作的优秀人才，{regional_min:wan}万–{regional_max:wan}万元",
        "outstanding people working long at the grassroots outside urban Xi'an; "
        "{regional_min}–{regional_max} yuan",
    ),
    rules=[
        *common_rules(REGIONAL, "regional"),
        # 「西安城区以外地区（含中央驻陕单位和省属单位）」 places the person: a central or
        # provincial unit seated in Xi'an may employ people who work elsewhere
        AllOf(
            id="shaanxi.tezhi.regional.location",
            rules=(
                in_shaanxi(EMPLOYER),
                Not(rule=in_xian_urban_area("person.facts.shaanxi.workplace_county")),
            ),
            cite=tz("第八条", _ART8, "art8"),
            text=_text(
                "实际工作地在西安城区以外（含中央驻陕单位和省属单位）",
                "the actual workplace is outside urban Xi'an (central and provincial units "
                "included)",
            ),
        ),
        Attested(
            id="shaanxi.tezhi.regional.grassroots",
            key="shaanxi.tezhi.regional.grassroots",
            question=_text("长期在基层一线工作", "has worked long at the grassroots front line"),
            cite=tz("第八条", _ART8, "art8"),
            text=_text("长期在基层一线工作", "long grassroots front-line service"),
        ),
        Judgement(
            id="shaanxi.tezhi.regional.merit",
            criterion=_text(
                "专业水平处于本地区一流水平，对本地区经济社会发展作出突出贡献，有较大社会影响",
                "first-rate in the region, outstanding contribution, wide standing",
            ),
            cite=tz("第八条", _ART8, "art8"),
            text=_text(
                "本地区一流水平与贡献（专家评审）", "regional standing and contribution (panel)"
            ),
        ),
    ],
    funding=[
        amount_range(
            "shaanxi.tezhi.regional.funding",
            "shaanxi.tezhi.funding.regional_min",
            "shaanxi.tezhi.funding.regional_max",
            tz("第十九条", "给予区域发展人才 30 万元—60 万元特殊支持", "art19"),
            _text(
                "区域发展人才特殊支持（{regional_min:wan}万–{regional_max:wan}万元）",
                "regional development talent ({regional_min}–{regional_max} yuan)",
            ),
        ),
        pass_through("shaanxi.tezhi.regional.funding"),
    ],
    scoring=[
        midyoung(
            "shaanxi.tezhi.regional.age_preference",
            "shaanxi.tezhi.midyoung_max_age",
            tz("第八条", _ART8, "art8"),
            _text(
                "{shaanxi.tezhi.midyoung_max_age}周岁以下中青年人才（为主，非资格条件）",
                "aged {shaanxi.tezhi.midyoung_max_age} or under (the majority; not a condition)",
            ),
        ),
    ],
)

PROGRAMMES: tuple[Programme, ...] = (
    OUTSTANDING_P,
    LEADER_INNOVATION_P,
    LEADER_ENTRE_P,
    LEADER_PSS_P,
    LEADER_TEACHER_P,
    YOUTH_P,
    REGIONAL_P,
)

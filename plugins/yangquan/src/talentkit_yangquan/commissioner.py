"""市科技特派员管理办法（征求意见稿） (YQ-TPY): S&T commissioners. A draft, off by default.

The candidate is ``person``; the dispatching unit (派出单位) is the organisation with
``role = "dispatching_unit"`` and each service target (派驻单位) has
``role = "service_target"``. A 不合格 annual grade is a record on the person with
``kind = "yangquan.commissioner.unqualified"`` dated in the assessed year.
"""

from __future__ import annotations

from collections.abc import Sequence

from talentkit import (
    AllOf,
    Annual,
    AnyOf,
    Attested,
    Compare,
    Count,
    DateCompare,
    Duration,
    ExitRule,
    FactSpec,
    Fixed,
    GradingScheme,
    Informational,
    Judgement,
    NoneWithin,
    OneOf,
    OneOff,
    P,
    PaidAfter,
    Programme,
    Rule,
    Text,
    When,
)

from talentkit_yangquan.common import BUREAU, citer

DOC = "YQ-TPY"
c = citer(DOC)
NS = "yangquan.commissioner"
CATEGORY = "person.facts.yangquan.commissioner.category"
AGREEMENT = "facts.yangquan.commissioner"
EVENT = "event.facts.yangquan.commissioner"

RULES: list[Rule] = [
    OneOf(
        id=f"{NS}.eligibility.source_category",
        fact=CATEGORY,
        values=P(f"{NS}.categories"),
        cite=c(
            "第十二条",
            "YQ-TPY/ch4/art12",
            "（一）市内外高校、科研院所的科技人员。（二）市内外相关事业单位、科技推广机构、科技型企业的专业技术人员。（三）对当地特色产业发展示范带动效应明显的企业法人、技术带头人、农村乡土人才等",
        ),
        text=Text("属于第十二条三类选派范围之一", "falls in one of the three source categories"),
    ),
    When(
        id=f"{NS}.scope.definition",
        condition=OneOf(fact=CATEGORY, values=P(f"{NS}.dispatched_categories")),
        then=Count(
            collection="organisations",
            where=Compare(fact="role", value="dispatching_unit"),
            value=P(f"{NS}.min_dispatching_units"),
            label=Text("派出单位", "dispatching units"),
        ),
        cite=c(
            "第二条",
            "YQ-TPY/ch1/art2",
            "由市科学技术局按照规定程序，从高等院校、科研院所、科技服务机构等（以下统称派出单位）选派到各类企业、基层一线（以下统称派驻单位）",
        ),
        text=Text(
            "第（一）（二）类人员由派出单位选派（至少{min_dispatching_units}个）",
            "categories (1) and (2) are sent by at least {min_dispatching_units:# dispatching unit|# dispatching units}",
        ),
    ),
    When(
        id=f"{NS}.eligibility.category3_demonstration",
        condition=Compare(fact=CATEGORY, value="c3_local_leader"),
        then=Judgement(
            id="yangquan.commissioner.eligibility.category3_demonstration",
            criterion=Text(
                "对当地特色产业发展示范带动效应明显",
                "a clear demonstration effect on local industries",
            ),
            decided_by=BUREAU,
        ),
        cite=c(
            "第十二条（三）",
            "YQ-TPY/ch4/art12/(3)",
            "对当地特色产业发展示范带动效应明显的企业法人、技术带头人、农村乡土人才等",
        ),
        text=Text("第（三）类人员示范带动效应明显", "category (3): clear demonstration effect"),
    ),
    Attested(
        id=f"{NS}.eligibility.integrity",
        key=f"{NS}.integrity",
        question=Text(
            "具有良好的政治素养和职业道德，遵守法律法规，恪守科研诚信准则",
            "good political quality and professional ethics; law-abiding; "
            "observes research integrity",
        ),
        cite=c(
            "第十三条（一）",
            "YQ-TPY/ch4/art13/(1)",
            "具有良好的政治素养和职业道德，自觉遵守国家法律法规，恪守科研诚信准则",
        ),
    ),
    NoneWithin(
        id=f"{NS}.eligibility.clean_record_3y",
        collection="person.records",
        where=OneOf(fact="kind", values=P(f"{NS}.record_kinds")),
        date_field="date",
        period=P(f"{NS}.lookback"),
        on="application.submitted_on",
        cite=c(
            "第十三条（一）",
            "YQ-TPY/ch4/art13/(1)",
            "近三年内无科研失信行为、无违法违纪记录、无不良信用记录",
        ),
        text=Text(
            "近{lookback}内无科研失信、违法违纪、不良信用记录",
            "no research misconduct, illegal, disciplinary or bad-credit record "
            "in the last {lookback}",
        ),
        leap_day=P(f"{NS}.leap_day"),
    ),
    AnyOf(
        id=f"{NS}.eligibility.degree_or_title",
        rules=(
            OneOf(fact="person.degree", values=P(f"{NS}.degrees")),
            OneOf(fact="person.title_level", values=P(f"{NS}.titles")),
        ),
        cite=c("第十三条（二）", "YQ-TPY/ch4/art13/(2)", "具有硕士学位或中级（含）以上职称"),
        text=Text(
            "硕士学位或中级（含）以上职称", "a master's degree or an intermediate (or higher) title"
        ),
    ),
    Judgement(
        id=f"{NS}.eligibility.professional_competence",
        criterion=Text(
            "专业技术能力和工程实践经验与选派领域匹配，熟悉科技政策，能独立开展服务",
            "expertise and practice match the field; knows S&T policy; can work independently",
        ),
        decided_by=BUREAU,
        cite=c(
            "第十三条（二）",
            "YQ-TPY/ch4/art13/(2)",
            "具备与选派领域相匹配的专业技术能力和工程实践经验，熟悉各类科技创新政策，能够独立承担并有效开展技术咨询、技术服务、成果推广转化及现场技术指导等工作",
        ),
    ),
    Attested(
        id=f"{NS}.eligibility.discipline_and_confidentiality",
        key=f"{NS}.undertaking",
        question=Text(
            "书面承诺服从管理调度、遵守派驻单位制度并保守秘密",
            "signed undertaking to accept management and keep the host's secrets",
        ),
        cite=c(
            "第十三条（三）",
            "YQ-TPY/ch4/art13/(3)",
            "服从科技管理部门及派出单位的统一管理与调度，严格遵守派驻单位的各项规章制度，自觉保守派驻单位的商业秘密、技术秘密",
        ),
    ),
    Attested(
        id=f"{NS}.eligibility.volunteer_and_agreement",
        key=f"{NS}.voluntary",
        question=Text(
            "志愿到基层一线服务并遵照服务协议、做好记录",
            "volunteers for grassroots service and follows the service agreement, keeping records",
        ),
        cite=c(
            "第十三条（四）",
            "YQ-TPY/ch4/art13/(4)",
            "志愿到农村、企业基层一线开展科技创新创业服务。自觉遵照科技特派员服务协议，主动开展服务并做好记录",
        ),
    ),
    Count(
        id=f"{NS}.eligibility.min_service_targets",
        collection="organisations",
        where=Compare(fact="role", value="service_target"),
        value=P(f"{NS}.min_service_targets"),
        label=Text("服务对象", "service targets"),
        cite=c("第十三条（四）", "YQ-TPY/ch4/art13/(4)", "每名科技特派员需对接至少1个服务对象"),
        text=Text(
            "对接至少{min_service_targets}个服务对象",
            "at least {min_service_targets:# service target|# service targets}",
        ),
    ),
    NoneWithin(
        id=f"{NS}.eligibility.prior_year_unqualified_bar",
        collection="person.records",
        where=Compare(fact="kind", value=f"{NS}.unqualified"),
        on="application.call_notice_date",
        calendar_years=P(f"{NS}.bar_years"),
        cite=c(
            "第六章第2段（未编号，疑为第十八条）",
            "YQ-TPY/ch6/p2",
            "对考核不合格的取消下一年度科技特派员申报资格",
        ),
        text=Text(
            "前{bar_years}个年度考核不合格者不得申报",
            "not graded 不合格 in the {bar_years:year|# years} before the call",
        ),
    ),
    When(
        id=f"{NS}.select.nomination_channel",
        condition=Compare(fact="application.channel", value="self"),
        # 「……等」 leaves the list open: not a 「一般」 clause, the bureau decides
        then=AnyOf(
            rules=(
                Compare(fact=CATEGORY, value="c3_local_leader"),
                Judgement(
                    id=f"{NS}.select.nomination_channel",
                    criterion=Text(
                        "自荐人属「企业法人、技术带头人、农村乡土人才等」",
                        "the self-recommending person is of the kind "
                        "「企业法人、技术带头人、农村乡土人才等」",
                    ),
                    decided_by=BUREAU,
                ),
            )
        ),
        cite=c(
            "第十四条（三）",
            "YQ-TPY/ch4/art14/(3)",
            "企业法人、技术带头人、农村乡土人才等可直接向市县两级科技管理部门自荐",
        ),
        text=Text(
            "自荐仅限第（三）类人员（其他人员自荐交审核）",
            "self-recommendation is for category (3); others go to review",
        ),
    ),
    Judgement(
        id=f"{NS}.select.matching_and_list",
        criterion=Text(
            "专业匹配度经严格审核，列入选派名单",
            "professional fit checked; placed on the selection list",
        ),
        decided_by=BUREAU,
        cite=c(
            "第十四条（四）",
            "YQ-TPY/ch4/art14/(4)",
            "突出产业需求导向，严格审核专业匹配度，研究并确定选派名单，并在一定范围内公示",
        ),
    ),
    Attested(
        id=f"{NS}.select.public_notice",
        key=f"{NS}.notice_no_objection",
        question=Text("名单经公示无异议", "the list was publicly noticed without objection"),
        cite=c("第十四条（四）（五）", "YQ-TPY/ch4/art14/(5)", "经公示无异议，发布名单"),
    ),
    # a term ending on the first anniversary is exactly one year (民法典 第二百零一条、第二百零二条)
    Duration(
        id=f"{NS}.select.service_agreement",
        soft=True,
        start=f"{AGREEMENT}.agreement_start",
        end=f"{AGREEMENT}.agreement_end",
        at_most=P(f"{NS}.agreement_term"),
        cite=c("第十四条（五）", "YQ-TPY/ch4/art14/(5)", "协议有效期一般为一年，到期后视情况续签"),
        text=Text(
            "服务协议有效期一般为{agreement_term}（至起始日满{agreement_term}的对应日，含）",
            "the service agreement normally runs {agreement_term} (up to and including the day "
            "{agreement_term} after the start)",
        ),
        leap_day=P(f"{NS}.leap_day"),
    ),
    Attested(
        id=f"{NS}.select.service_agreement.filed",
        key=f"{NS}.agreement_filed",
        question=Text(
            "派出单位、派驻单位、科技特派员三方签订服务合作协议并报市科学技术局备案",
            "the dispatching unit, host unit and commissioner signed the service "
            "agreement and filed it with the bureau",
        ),
        cite=c(
            "第十四条（五）",
            "YQ-TPY/ch4/art14/(5)",
            "由派出单位、派驻单位、科技特派员三方签订服务合作协议，协议签订后报市科学技术局备案",
        ),
    ),
    AllOf(
        id=f"{NS}.select.call_notice",
        rules=(
            DateCompare(
                fact="application.submitted_on",
                op=">=",
                other="application.facts.yangquan.commissioner.call_opens_on",
            ),
            DateCompare(
                fact="application.submitted_on",
                op="<=",
                other="application.facts.yangquan.commissioner.call_closes_on",
            ),
        ),
        cite=c(
            "第十四条（一）",
            "YQ-TPY/ch4/art14/(1)",
            "市科学技术局根据实际需要，可采取定期或不定期的方式，通过官方网站发布单个或多个领域科技特派员选聘和技术服务需求征集通知",
        ),
        text=Text("在选聘通知规定的时间内报名", "applied within the window of the call"),
    ),
]

GRADING = GradingScheme(
    cite=c(
        "第六章第2段（未编号，疑为第十八条）",
        "YQ-TPY/ch6/p2",
        "年度考核结果分为优秀、合格、不合格三个等次，其中优秀等次名额比例不超过年度考核总人数的20%",
    ),
    grades=("excellent", "qualified", "unqualified"),
    quotas={"excellent": P(f"{NS}.excellent_quota")},
    rounding=P(f"{NS}.quota_rounding"),
    names={
        "excellent": Text("优秀", "excellent"),
        "qualified": Text("合格", "qualified"),
        "unqualified": Text("不合格", "unqualified"),
    },
)

GRADE = f"{AGREEMENT}.final_grade"
ASSESSED = PaidAfter(
    event=f"{AGREEMENT}.assessment_concluded_on",
    text=Text("年度考核结束后给予", "given once the annual assessment has concluded"),
    cite=c(
        "第十九条",
        "YQ-TPY/ch6/art19",
        "年度考核结束后，按照优秀和合格两个等次分级差异化给予奖励",
    ),
)
FUNDING = [
    Fixed(
        id=f"{NS}.funding.annual_subsidy",
        payee="person",
        amount=P(f"{NS}.subsidy_per_year"),
        schedule=Annual(years=P(f"{NS}.agreement_years"), start=f"{AGREEMENT}.agreement_start"),
        cite=c("第十九条", "YQ-TPY/ch6/art19", "市科技局按年度给予科技特派员工作、交通及生活补助"),
        text=Text("年度工作、交通及生活补助", "yearly work, transport and living subsidy"),
    ),
    Fixed(
        id=f"{NS}.funding.grade_reward.excellent",
        payee="person",
        amount=P(f"{NS}.reward_excellent"),
        schedule=OneOff(),
        condition=Compare(fact=GRADE, value="excellent"),
        paid_after=ASSESSED,
        cite=c(
            "第十九条",
            "YQ-TPY/ch6/art19",
            "年度考核结束后，按照优秀和合格两个等次分级差异化给予奖励",
        ),
        text=Text("年度考核优秀奖励", "reward for an excellent grade"),
    ),
    Fixed(
        id=f"{NS}.funding.grade_reward.qualified",
        payee="person",
        amount=P(f"{NS}.reward_qualified"),
        schedule=OneOff(),
        condition=Compare(fact=GRADE, value="qualified"),
        paid_after=ASSESSED,
        cite=c(
            "第十九条",
            "YQ-TPY/ch6/art19",
            "年度考核结束后，按照优秀和合格两个等次分级差异化给予奖励",
        ),
        text=Text("年度考核合格奖励", "reward for a qualified grade"),
    ),
]


def _exit(
    rid: str,
    trigger: str,
    article: str,
    key: str,
    quote: str,
    zh: str,
    en: str,
    when: Rule | None = None,
    status: str = "disqualified",
) -> ExitRule:
    return ExitRule(
        id=f"{NS}.exit.{rid}",
        trigger=trigger,
        when=when,
        cite=c(article, key, quote),
        text=Text(zh, en),
        decided_by=BUREAU,
        new_status=status,
        # 第十九条 gives the subsidy and the reward to a commissioner 「服务期间」: a withdrawn
        # status ends the service, so nothing falls due or is paid from the event on (the
        # text orders no recovery); an assignment that simply ends has no later payments
        payment="stop" if status == "disqualified" else None,
    )


EXITS = [
    _exit(
        "unqualified_or_absent",
        "annual_assessment",
        "第十六条（一）",
        "YQ-TPY/ch5/art16/(1)",
        "年度考核不合格或无故不参加考核",
        "年度考核不合格：取消科技特派员资格，并取消下一年度申报资格",
        "graded unqualified: disqualified, and barred from the next year's call",
        when=Compare(fact=f"{EVENT}.grade", value="unqualified"),
    ),
    _exit(
        "absent_without_reason",
        "assessment_absent",
        "第十六条（一）",
        "YQ-TPY/ch5/art16/(1)",
        "年度考核不合格或无故不参加考核",
        "无故不参加考核：取消科技特派员资格",
        "absent from the assessment without reason: disqualified",
        when=Compare(fact=f"{EVENT}.absence_justified", value=False),
    ),
    _exit(
        "illegal_or_disciplinary",
        "violation",
        "第十六条（二）",
        "YQ-TPY/ch5/art16/(2)",
        "有违法违纪行为",
        "有违法违纪行为：取消资格",
        "illegal conduct or breach of discipline: disqualified",
    ),
    _exit(
        "harm_or_serious_dishonesty",
        "harm_or_dishonesty",
        "第十六条（三）",
        "YQ-TPY/ch5/art16/(3)",
        "存在损害派驻单位利益或严重失信的行为",
        "损害派驻单位利益或严重失信：取消资格",
        "harm to the host unit or serious dishonesty: disqualified",
    ),
    _exit(
        "non_cooperation",
        "non_cooperation",
        "第十六条（四）",
        "YQ-TPY/ch5/art16/(4)",
        "不接受管理，长期不参加科技特派员相关活动",
        "不接受管理、长期不参加活动（市科学技术局认定）：取消资格",
        "refuses management or long-term absence from activities (as the bureau finds): "
        "disqualified",
    ),
    _exit(
        "other_unsuitable",
        "other_unsuitable",
        "第十六条（五）",
        "YQ-TPY/ch5/art16/(5)",
        "其他不适合继续担任科技特派员的情况",
        "其他不适合继续担任的情况：取消资格",
        "otherwise unsuitable to continue: disqualified",
    ),
    _exit(
        "agreement_expiry",
        "agreement_expiry",
        "第十四条（五）",
        "YQ-TPY/ch4/art14/(5)",
        "协议有效期一般为一年，到期后视情况续签",
        "协议到期未续签：选派结束（非处分）",
        "the agreement expired without renewal: the assignment ends (not a sanction)",
        when=Compare(fact=f"{EVENT}.renewed", value=False),
        status="ended",
    ),
]


def _i(article: str, key: str, zh: str, en: str) -> Informational:
    return Informational(cite=c(article, key), reason=Text(zh, en))


INFORMATIONAL = [
    _i("第一条", "YQ-TPY/ch1/art1", "立法目的与依据", "purpose and legal basis"),
    _i("第三条", "YQ-TPY/ch1/art3", "原则（双方自愿，相互赋能）", "principle of voluntariness"),
    _i("第四条", "YQ-TPY/ch2/art4", "市科学技术局职责（决定机关）", "bureau duties (the decider)"),
    _i("第五条", "YQ-TPY/ch2/art5", "县（区）、高新区职责", "county and district duties"),
    _i(
        "第六条",
        "YQ-TPY/ch2/art6",
        "派出、派驻单位保障职责；鼓励派驻单位补助（自愿，无金额）",
        "duties of the dispatching and host units; host subsidies are encouraged (no amount)",
    ),
    _i(
        "第三章第1–4段（未编号）",
        "YQ-TPY/ch3/p1-p4",
        "工作职责：年度考核的内容，由市科学技术局综合考评",
        "duties: the content of the annual assessment, judged by the bureau",
    ),
    _i(
        "第十一条",
        "YQ-TPY/ch3/art11",
        "重大调整「及时」报告：「及时」未量化，不计算期限",
        "major changes reported 「及时」: not quantified, no deadline computed",
    ),
    _i(
        "第十四条（二）",
        "YQ-TPY/ch4/art14/(2)",
        "县级征集需求并推荐：程序职责（推荐渠道见 select.nomination_channel）",
        "counties collect needs and recommend: procedure (channels in select.nomination_channel)",
    ),
    _i(
        "第十四条（四）",
        "YQ-TPY/ch4/art14/(4)",
        "「在一定范围内公示」：公示期未规定，按审核确认处理（select.public_notice）",
        "「在一定范围内公示」: no duration, handled as an attestation (select.public_notice)",
    ),
    _i(
        "第十五条",
        "YQ-TPY/ch5/art15",
        "日常管理、调整审批、服务报告：过程事项，文本未给期限",
        "daily management, adjustment approval, service reports: process matters without deadlines",
    ),
    _i(
        "第十七条",
        "YQ-TPY/ch6/art17",
        "年度综合考评与按季度报送：考评内容和权重未规定，由市科学技术局评定等次（见 grading）",
        "annual composite assessment and quarterly reports: no weights; the bureau grades "
        "(see grading)",
    ),
    _i("第二十条", "YQ-TPY/ch7/art20", "专项资金来源：预算总额未规定", "budget source; no amount"),
    _i(
        "第二十一条、第二十二条",
        "YQ-TPY/ch7/art21",
        "鼓励利益共同体、联合申报、知识产权约定",
        "encouraged benefit sharing, joint applications, IP agreements",
    ),
    _i("第二十三条", "YQ-TPY/ch7/art23", "宣传", "publicity"),
    _i(
        "第二十四条",
        "YQ-TPY/ch8/art24",
        "县级细则（可由县级插件补充）",
        "county detailed rules (a county plugin may add them)",
    ),
]


def programmes() -> list[Programme]:
    return [
        Programme(
            id=NS,
            jurisdiction="yangquan",
            document=DOC,
            name=Text("阳泉市科技特派员（征求意见稿）", "Yangquan S&T commissioners (draft)"),
            subject="person",
            summary=Text(
                "选派科技人员到企业、基层一线服务，协议期{agreement_term}，年度考核三等次",
                "S&T staff sent to enterprises and grassroots units; agreement for "
                "{agreement_term}; annual three-grade assessment",
            ),
            reference=("application.reference_date", "application.submitted_on"),
            rules=RULES,
            funding=FUNDING,
            grading=GRADING,
            exits=EXITS,
            informational=INFORMATIONAL,
            enabled=P(f"{NS}.enabled"),
            valid_from=P(f"{NS}.published_on"),
            validity_cite=c("第二十五条", "YQ-TPY/ch8/art25", "自发布之日起施行"),
            tags=("commissioner", "draft"),
        )
    ]


FACTS: Sequence[FactSpec] = [
    FactSpec(
        name="yangquan.commissioner.category",
        type="str",
        scope="person",
        values=("c1_univ_research", "c2_public_ext_techfirm", "c3_local_leader"),
        labels={
            "c1_univ_research": Text(
                "第（一）类：高校、科研院所的科技人员",
                "(1) staff of universities and research institutes",
            ),
            "c2_public_ext_techfirm": Text(
                "第（二）类：事业单位、科技推广机构、科技型企业的专业技术人员",
                "(2) professionals of public institutions, extension bodies, tech firms",
            ),
            "c3_local_leader": Text(
                "第（三）类：示范带动效应明显的企业法人、技术带头人、农村乡土人才等",
                "(3) local leaders with a demonstration effect",
            ),
        },
        text=Text("选派范围类别（第十二条）", "source category (art. 12)"),
    ),
    FactSpec(
        name="yangquan.commissioner.call_opens_on",
        type="date",
        scope="application",
        text=Text("选聘通知报名开始日", "call opens"),
    ),
    FactSpec(
        name="yangquan.commissioner.call_closes_on",
        type="date",
        scope="application",
        text=Text("选聘通知报名截止日", "call closes"),
    ),
    FactSpec(
        name="yangquan.commissioner.agreement_start",
        type="date",
        text=Text("服务协议起始日", "agreement start"),
    ),
    FactSpec(
        name="yangquan.commissioner.agreement_end",
        type="date",
        text=Text("服务协议终止日", "agreement end"),
    ),
    FactSpec(
        name="yangquan.commissioner.assessment_concluded_on",
        type="date",
        text=Text("年度考核结束之日", "the annual assessment concluded on"),
    ),
    FactSpec(
        name="yangquan.commissioner.final_grade",
        type="str",
        values=("excellent", "qualified", "unqualified"),
        labels={
            "excellent": Text("优秀", "excellent"),
            "qualified": Text("合格", "qualified"),
            "unqualified": Text("不合格", "unqualified"),
        },
        text=Text("年度考核最终等次", "final annual grade"),
    ),
    FactSpec(
        name="yangquan.commissioner.grade",
        type="str",
        scope="event",
        values=("excellent", "qualified", "unqualified"),
        labels={
            "excellent": Text("优秀", "excellent"),
            "qualified": Text("合格", "qualified"),
            "unqualified": Text("不合格", "unqualified"),
        },
        text=Text("年度考核等次", "annual grade"),
    ),
    FactSpec(
        name="yangquan.commissioner.absence_justified",
        type="bool",
        scope="event",
        text=Text("缺考有正当理由", "absence justified"),
    ),
    FactSpec(
        name="yangquan.commissioner.renewed",
        type="bool",
        scope="event",
        text=Text("协议已续签", "agreement renewed"),
    ),
]

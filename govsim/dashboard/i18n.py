"""Every label, title and help text of the dashboard in English and 简体中文.

One dict, key → {"en": ..., "zh": ...}; a test checks that every key has both.
Keys with ``{}`` placeholders are formatted by the caller.
"""

from __future__ import annotations

LANGUAGES = ("en", "zh")

TEXT: dict[str, dict[str, str]] = {
    # page and controls
    "app.title": {"en": "govsim: community governance dashboard",
                  "zh": "govsim：社区治理仪表盘"},
    "app.subtitle": {"en": "Online platform + offline grid: watch, steer and compare scenarios",
                     "zh": "线上平台 + 线下网格：观察、调控和比较情景"},
    "ctl.language": {"en": "Language", "zh": "语言"},
    "ctl.scenario": {"en": "Scenario", "zh": "情景"},
    "ctl.compare": {"en": "Compare with", "zh": "对比情景"},
    "ctl.compare_none": {"en": "(none)", "zh": "（不对比）"},
    "ctl.seed": {"en": "Seed", "zh": "随机种子"},
    "ctl.step": {"en": "Step 1 day", "zh": "前进 1 天"},
    "ctl.run30": {"en": "Run 30 days", "zh": "运行 30 天"},
    "ctl.play": {"en": "Play", "zh": "播放"},
    "ctl.pause": {"en": "Pause", "zh": "暂停"},
    "ctl.reset": {"en": "Reset", "zh": "重置"},
    "ctl.levers": {"en": "Levers (docs/contract.md)", "zh": "政策杠杆（docs/contract.md）"},
    "ctl.levers_help": {
        "en": "Changing a lever, the scenario or the seed rebuilds the model from the scenario "
              "file with that override and starts again at day 0 (reset).",
        "zh": "改变任一杠杆、情景或随机种子，都会按该设置从情景文件重新构建模型，"
              "并从第 0 天重新开始（重置）。"},
    "ctl.colour_by": {"en": "Colour by", "zh": "着色依据"},
    "ctl.colour_adoption": {"en": "Adoption", "zh": "平台采用"},
    "ctl.colour_participation": {"en": "Participation", "zh": "参与"},
    # levers (labels of the sliders and switches)
    "lever.platform.initial_adoption": {"en": "Initial platform adoption",
                                        "zh": "初始平台采用率"},
    "lever.platform.integrated": {"en": "One integrated app", "zh": "单一集成应用"},
    "lever.platform.reliability": {"en": "Platform reliability (daily uptime)",
                                   "zh": "平台可靠性（每日在线概率）"},
    "lever.platform.closed_loop": {"en": "Closed-loop case tracking", "zh": "闭环案件跟踪"},
    "lever.platform.public_ratings": {"en": "Public ratings of responders",
                                      "zh": "公开评价处置主体"},
    "lever.platform.offline_channel": {"en": "Offline channel (off = digital only)",
                                       "zh": "线下渠道（关闭 = 纯数字化）"},
    "lever.literacy.training_seats_per_month": {"en": "Training seats per month",
                                                "zh": "每月数字技能培训名额"},
    "lever.incentives.time_bank_credit": {"en": "Time-bank credit per volunteer hour",
                                          "zh": "每志愿小时的时间银行积分"},
    "lever.organisation.grid_workers": {"en": "Grid workers", "zh": "网格员人数"},
    "lever.organisation.party_coordination": {"en": "Party-led coordination",
                                              "zh": "党建引领协调程度"},
    # KPI cards and series
    "kpi.title": {"en": "Key indicators (last 30 days)", "zh": "关键指标（近 30 天）"},
    "unit.days": {"en": "days", "zh": "天"},
    "unit.points": {"en": "pts", "zh": "个百分点"},
    "unit.hours": {"en": "h", "zh": "小时"},
    "unit_axis.share": {"en": "share", "zh": "比例"},
    "unit_axis.days": {"en": "days", "zh": "天"},
    "unit_axis.hours": {"en": "hours", "zh": "小时"},
    "unit_axis.count": {"en": "count", "zh": "数量"},
    "unit_axis.index": {"en": "index", "zh": "指数"},
    "unit_axis.yuan_per_year": {"en": "yuan/year", "zh": "元/年"},
    "kpi.all": {"en": "Every indicator (last 30 days)", "zh": "全部指标（近 30 天）"},
    "kpi.better": {"en": "better", "zh": "更好"},
    "kpi.worse": {"en": "worse", "zh": "更差"},
    # sections of the metric registry (a section without a row here shows as registered)
    "section.Participation (S0, S1, S3)": {"en": "Participation (S0, S1, S3)",
                                           "zh": "参与（S0、S1、S3）"},
    "section.Adoption and digital divide (S4)": {"en": "Adoption and digital divide (S4)",
                                                 "zh": "平台采用与数字鸿沟（S4）"},
    "section.Responsiveness (S2, S4)": {"en": "Responsiveness (S2, S4)",
                                        "zh": "响应性（S2、S4）"},
    "section.Responsiveness": {"en": "Responsiveness", "zh": "响应性"},
    "section.Trust": {"en": "Trust", "zh": "信任"},
    "section.Polycentricity (S0, S3)": {"en": "Polycentricity (S0, S3)",
                                        "zh": "多中心性（S0、S3）"},
    "section.S0 communities (indices 0-1)": {"en": "S0 communities (indices 0-1)",
                                             "zh": "S0 四个“共同体”（指数 0–1）"},
    "section.Other": {"en": "Other", "zh": "其他"},
    # events of a scenario (`events:`), marked on the daily series
    "event.demand_surge": {"en": "demand surge", "zh": "需求激增"},
    "event.outage": {"en": "platform outage", "zh": "平台中断"},
    "event.staff_cut": {"en": "staff cut", "zh": "人手削减"},
    "event.staffing": {"en": "staffing change", "zh": "人手调整"},
    "view.events": {"en": "Shaded: events of the scenario ({})", "zh": "阴影：情景中的事件（{}）"},
    "na": {"en": "n/a", "zh": "暂无"},
    # views
    "view.day": {"en": "Day {} of {}", "zh": "第 {} 天 / 共 {} 天"},
    "view.update_ms": {"en": "last update: model {:.1f} ms + views {:.1f} ms",
                       "zh": "上次更新：模型 {:.1f} 毫秒 + 视图 {:.1f} 毫秒"},
    "view.neighbourhood": {"en": "The neighbourhood", "zh": "社区全貌"},
    "view.neighbourhood_help": {
        "en": "Each dot is a residential building, placed around its grid (large circle, "
              "one grid worker each); dot area = residents, colour = share of adult residents "
              "who adopted the platform or took part in an activity in the last 30 days.",
        "zh": "每个圆点是一栋居民楼，围绕其所属网格（大圆，每个网格一名网格员）排列；"
              "圆点面积 = 居民人数，颜色 = 成年居民中采用平台或近 30 天参与活动的比例。"},
    "view.neighbourhood_help_grids": {
        "en": "Too many buildings to draw one by one: each dot is a grid (one grid worker "
              "each; the outline colour is its community); dot area = residents, colour = "
              "share of adult residents who adopted the platform or took part in an activity "
              "in the last 30 days.",
        "zh": "楼栋过多，无法逐栋绘制：每个圆点是一个网格（每个网格一名网格员，"
              "外圈颜色表示所属社区）；圆点面积 = 居民人数，"
              "颜色 = 成年居民中采用平台或近 30 天参与活动的比例。"},
    "view.grid": {"en": "Grid", "zh": "网格"},
    "view.building": {"en": "Building", "zh": "楼栋"},
    "view.residents": {"en": "residents", "zh": "名居民"},
    "view.series": {"en": "Daily series", "zh": "每日走势"},
    "view.series_help": {"en": "Every indicator of the chosen section, 30-day window; "
                                "one panel per unit.",
                         "zh": "所选类别的全部指标（30 天窗口）；每种单位一个面板。"},
    "ctl.section": {"en": "Section", "zh": "指标类别"},
    "view.day_axis": {"en": "day", "zh": "天数"},
    "view.survival": {"en": "Cases still open after t days", "zh": "t 天后仍未办结的案件比例"},
    "view.survival_help": {
        "en": "Of the cases reported so far, the share not yet resolved t days after their "
              "report (a survival curve; lower and steeper is more responsive).",
        "zh": "迄今上报的案件中，上报 t 天后仍未办结的比例（生存曲线；越低越陡，响应越快）。"},
    "view.survival_axis": {"en": "days since report", "zh": "上报后天数"},
    "view.chart_pending": {"en": "drawing…", "zh": "绘制中…"},
    "view.flow": {"en": "Where cases go", "zh": "案件去向"},
    "view.flow_help": {
        "en": "All cases raised so far, by how they reached the system (rows) and who "
              "handles them (colours).",
        "zh": "迄今提出的全部案件：按进入渠道（行）和处置主体（颜色）划分。"},
    "view.cases_total": {"en": "{} cases", "zh": "共 {} 件"},
    "flow.online": {"en": "Online", "zh": "线上上报"},
    "flow.offline": {"en": "Offline", "zh": "线下上报"},
    "flow.patrol": {"en": "Found on patrol", "zh": "巡查发现"},
    "flow.unreported": {"en": "Not reported", "zh": "未上报"},
    "flow.government": {"en": "Government", "zh": "政府部门"},
    "flow.social_group": {"en": "Social groups", "zh": "社会组织"},
    "flow.awaiting": {"en": "Awaiting dispatch", "zh": "待派单"},
    "flow.waiting": {"en": "Resident still waiting", "zh": "居民仍在等待"},
    "flow.lapsed": {"en": "Gave up (lapsed)", "zh": "放弃（失效）"},
    "view.compare": {"en": "Side by side", "zh": "并排对比"},
    "view.compare_help": {
        "en": "The second scenario runs as shipped (no lever changes) with the same seed, "
              "stepped together with the first. Pick the same scenario twice to see what "
              "your lever changes do.",
        "zh": "第二个情景按原始文件运行（不改杠杆），使用相同随机种子，与第一个情景同步推进。"
              "两边选同一情景，即可看到所改杠杆的效果。"},
    "view.compare_pick": {"en": "Choose a scenario under “Compare with” to see two runs "
                                "side by side.",
                          "zh": "在“对比情景”中选择一个情景，即可并排查看两次运行。"},
    "view.difference": {"en": "Difference (right − left)", "zh": "差值（右 − 左）"},
    "view.metric": {"en": "Indicator", "zh": "指标"},
    "view.with_levers": {"en": "with your levers", "zh": "含所改杠杆"},
    "view.as_shipped": {"en": "as shipped", "zh": "原始设置"},
    "view.error": {"en": "This setting cannot be built", "zh": "该设置无法构建"},
    # scenario names (labels only; the list itself comes from scenarios/*.yaml)
    "scenario.community_y": {"en": "Community Y baseline", "zh": "Y 社区基线"},
    "scenario.xiaowu_life": {"en": "Xiaowu Life", "zh": "“Xiaowu Life”平台（成都武侯区）"},
    "scenario.g_time_bank": {"en": "G community time bank", "zh": "G 社区时间银行"},
    "scenario.j_smart_party": {"en": "J community smart party building", "zh": "J 社区智慧党建"},
    "scenario.b_public_space": {"en": "B community public space", "zh": "B 社区公共空间"},
    "scenario.digital_only": {"en": "Digital only", "zh": "纯数字化"},
}


def t(key: str, lang: str, *args: object) -> str:
    """The text for `key` in `lang` ("en" or "zh"), formatted with `args` if given."""
    text = TEXT[key][lang]
    return text.format(*args) if args else text


def scenario_label(name: str, lang: str, description: str = "") -> str:
    """A scenario's display name: the translated label of a shipped scenario; otherwise the
    start of its file's ``description`` (up to a colon, at most 40 characters), then the name."""
    entry = TEXT.get(f"scenario.{name}")
    if entry:
        return f"{entry[lang]} ({name})"
    short = description.split(":")[0].strip()
    if len(short) > 40:
        short = short[:39].rstrip() + "…"
    return f"{short} ({name})" if short else name

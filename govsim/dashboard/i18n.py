"""Every label, title and help text of the dashboard in English and 简体中文.

One dict, key → {"en": ..., "zh": ...}; a test checks that every key has both.
Keys with ``{}`` placeholders are formatted by the caller.
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "zh")

TEXT: dict[str, dict[str, str]] = {
    # page and controls
    "app.title": {"en": "govsim: community governance dashboard", "zh": "govsim：社区治理仪表盘"},
    "app.subtitle": {
        "en": "Online platform + offline grid: watch, steer and compare scenarios",
        "zh": "线上平台 + 线下网格：观察、调控和比较情景",
    },
    "app.disconnected": {
        "en": "Server disconnected.",
        "zh": "与服务器的连接已断开。",
    },
    "ctl.language": {"en": "Language", "zh": "语言"},
    "ctl.scenario": {"en": "Scenario", "zh": "情景"},
    "ctl.compare": {"en": "Compare with", "zh": "对比情景"},
    "ctl.compare_none": {"en": "(none)", "zh": "（不对比）"},
    "ctl.seed": {"en": "Seed", "zh": "随机种子"},
    "ctl.step": {"en": "Step 1 day", "zh": "前进 1 天"},
    "ctl.run30": {"en": "Run 30 days", "zh": "运行 30 天"},
    "ctl.play": {"en": "Play", "zh": "播放"},
    "ctl.pause": {"en": "Pause", "zh": "暂停"},
    "ctl.reset": {"en": "Restart at day 0", "zh": "从第 0 天重新开始"},
    "ctl.shipped": {"en": "Back to shipped settings", "zh": "恢复原始设置"},
    "ctl.run_end": {"en": "Run to end", "zh": "运行到结束"},
    "ctl.speed": {"en": "Play speed", "zh": "播放速度"},
    "speed.slow": {"en": "slow", "zh": "慢"},
    "speed.normal": {"en": "normal", "zh": "中"},
    "speed.fast": {"en": "fast", "zh": "快"},
    "ctl.days": {"en": "Horizon (days)", "zh": "模拟时长（天）"},
    "ctl.controls": {"en": "Settings", "zh": "设置"},
    "ctl.replicates": {"en": "Replicates (seeds)", "zh": "重复运行（随机种子数）"},
    "ctl.replicates_help": {
        "en": "Runs the shown setup with this many seeds (the shown seed and the next ones) in "
        "the background, kept at the shown day: cards show the mean ± the seed-to-seed "
        "spread, charts a band from the lowest to the highest seed. 1 = off.",
        "zh": "在后台用这么多个随机种子（当前种子及其后续种子）运行当前设置，并与当前天数同步："
        "卡片显示均值 ± 种子间离散度，图表显示从最低到最高种子的范围带。1 = 关闭。",
    },
    "ctl.levers": {"en": "Policy levers", "zh": "政策杠杆"},
    "ctl.lever_changed": {"en": "changed from the shipped {}", "zh": "已改动，原始设置为 {}"},
    "ctl.input_error": {
        "en": "{}: “{}” cannot be used. {} Still in use: {}.",
        "zh": "{}：“{}”无法使用。{}仍在使用：{}。",
    },
    "ctl.not_integer": {"en": "Enter a whole number.", "zh": "请输入整数。"},
    "ctl.replicates_range": {"en": "Allowed: 1 to {}.", "zh": "允许范围：1 至 {}。"},
    "ctl.link_error": {
        "en": "The link's setting “{}” = “{}” was ignored. {}",
        "zh": "链接中的设置“{}”=“{}”已忽略。{}",
    },
    "ctl.callback_error": {
        "en": "Something went wrong and was not applied; the page goes on as before.",
        "zh": "操作出错，未生效；页面保持原状。",
    },
    "ctl.allowed": {"en": "Allowed: {} to {}.", "zh": "允许范围：{} 至 {}。"},
    "ctl.at_least": {"en": "Allowed: {} or more.", "zh": "允许范围：不小于 {}。"},
    "ctl.at_most": {"en": "Allowed: up to {}.", "zh": "允许范围：不大于 {}。"},
    "ctl.not_fitting": {
        "en": "It does not fit the scenario's other settings.",
        "zh": "该值与情景的其他设置不相容。",
    },
    "ctl.one_of": {"en": "Allowed: {}.", "zh": "允许：{}。"},
    "ctl.not_number": {"en": "Enter a number.", "zh": "请输入数字。"},
    "ctl.not_switch": {"en": "Enter 1 (on) or 0 (off).", "zh": "请输入 1（开）或 0（关）。"},
    "ctl.unknown_setting": {"en": "This page has no such setting.", "zh": "本页面没有此设置。"},
    "notice.rebuilt": {"en": "Model rebuilt with: {}", "zh": "模型已按以下改动重建：{}"},
    "value.on": {"en": "on", "zh": "开"},
    "value.off": {"en": "off", "zh": "关"},
    "notice.shipped": {
        "en": "Back to shipped settings: {}",
        "zh": "已恢复原始设置：{}",
    },
    "notice.restarted": {
        "en": "Restarted at day 0 with the same settings.",
        "zh": "已按相同设置从第 0 天重新开始。",
    },
    "take.title": {"en": "Take away", "zh": "导出与分享"},
    "take.series_csv": {"en": "Daily series (CSV)", "zh": "每日走势（CSV）"},
    "take.table_csv": {"en": "Every indicator (CSV)", "zh": "全部指标（CSV）"},
    "take.series_png": {"en": "Chart (PNG, for slides)", "zh": "图表（PNG，用于演示）"},
    "take.series_svg": {"en": "Chart (SVG)", "zh": "图表（SVG）"},
    "take.series_pdf": {"en": "Chart (PDF)", "zh": "图表（PDF）"},
    "take.flow_png": {"en": "Where cases go (PNG)", "zh": "案件去向（PNG）"},
    "take.map_png": {"en": "Map (PNG)", "zh": "地图（PNG）"},
    "take.link": {"en": "Link to this setup", "zh": "此设置的链接"},
    "take.link_help": {
        "en": "The page's address carries the scenario, seed, horizon and levers: "
        "open it anywhere to get the same setup.",
        "zh": "页面地址包含情景、随机种子、模拟时长和杠杆设置：在任何地方打开即可得到相同设置。",
    },
    "take.command": {
        "en": "The same run on the command line (its summary = the “whole run” column below)",
        "zh": "命令行中的同一次运行（其汇总 = 下方“整个运行”列）",
    },
    "take.command_day0": {
        "en": "Nothing run yet: the whole horizon on the command line",
        "zh": "尚未运行：命令行中运行整个模拟时长",
    },
    "take.copy": {"en": "Copy", "zh": "复制"},
    "take.copied": {"en": "copied", "zh": "已复制"},
    "kpi.spread": {
        "en": "± seed-to-seed spread over {} seeds",
        "zh": "± 为 {} 个随机种子间的离散度",
    },
    "kpi.replicates_running": {
        "en": "Replicates: {} of {} seeds at day {}",
        "zh": "重复运行：{} / {} 个种子已到第 {} 天",
    },
    "kpi.no_verdict": {
        "en": "“better”/“worse” is shown only when a difference is larger than the "
        "seed-to-seed spread; run replicates (left) to estimate it.",
        "zh": "仅当差值大于种子间离散度时才标注“更好/更差”；请在左侧开启重复运行以估计离散度。",
    },
    "kpi.verdict_rule": {
        "en": "“better”/“worse”: the difference is larger than the seed-to-seed spread "
        "(standard deviation over {} seeds).",
        "zh": "“更好/更差”：差值大于种子间离散度（{} 个种子的标准差）。",
    },
    "kpi.window": {"en": "last 30 days", "zh": "近 30 天"},
    "kpi.whole": {"en": "whole run (days 1–{})", "zh": "整个运行（第 1–{} 天）"},
    "kpi.whole_none": {"en": "whole run (no day run yet)", "zh": "整个运行（尚未运行）"},
    "kpi.higher_better": {"en": "higher is better", "zh": "越高越好"},
    "kpi.lower_better": {"en": "lower is better", "zh": "越低越好"},
    "unit.scale01": {"en": "on a 0–1 scale", "zh": "0–1 分"},
    "unit.workers": {"en": "workers", "zh": "名网格员"},
    "unit.seats_month": {"en": "seats / month", "zh": "个名额 / 月"},
    "unit.credit_hour": {"en": "credit hours per volunteer hour", "zh": "积分小时 / 志愿小时"},
    "unit.day_prob": {"en": "% of days up", "zh": "% 的天数在线"},
    "unit.share_adults": {"en": "% of adults", "zh": "% 的成年人"},
    "unit.level01": {"en": "0 = none, 1 = full", "zh": "0 = 无，1 = 完全"},
    "unit.staff": {"en": "staff on duty", "zh": "名值班人员"},
    "view.run_main": {"en": "shown run", "zh": "当前运行"},
    "view.run_other": {"en": "comparison", "zh": "对比运行"},
    "view.dashed": {
        "en": "Solid lines: the shown run; dashed: the comparison.",
        "zh": "实线：当前运行；虚线：对比运行。",
    },
    "view.hover_help": {
        "en": "Hover or tap a day for its values; click a name in a legend to show that "
        "line alone in its panel (double-click: all again); drag to move, scroll or pinch "
        "to zoom (double-click: back).",
        "zh": "悬停或轻点某一天可查看当天的数值；点击图例中的名称只在该面板中显示该线"
        "（双击恢复全部）；拖动平移，滚轮或双指缩放（双击复原）。",
    },
    "view.zoom": {"en": "Days shown", "zh": "显示天数"},
    "zoom.all": {"en": "all", "zh": "全部"},
    "zoom.last30": {"en": "last 30", "zh": "最近 30 天"},
    "zoom.last90": {"en": "last 90", "zh": "最近 90 天"},
    "view.workers_on_map": {
        "en": "Small dark squares: grid workers ({} in all, assigned to grids in turn).",
        "zh": "深色小方块：网格员（共 {} 名，依次分配到各网格）。",
    },
    "ctl.levers_help": {
        "en": "Changing a lever, the scenario or the seed rebuilds the model from the scenario "
        "file with that override and starts again at day 0 (reset).",
        "zh": "改变任一杠杆、情景或随机种子，都会按该设置从情景文件重新构建模型，"
        "并从第 0 天重新开始（重置）。",
    },
    "ctl.colour_by": {"en": "Colour by", "zh": "着色依据"},
    "ctl.colour_adoption": {"en": "Adoption", "zh": "平台采用"},
    "ctl.colour_participation": {"en": "Participation", "zh": "参与"},
    # levers (labels of the sliders and switches)
    "lever.platform.initial_adoption": {"en": "Initial platform adoption", "zh": "初始平台采用率"},
    "lever.platform.integrated": {"en": "One integrated app", "zh": "单一集成应用"},
    "lever.platform.reliability": {
        "en": "Platform reliability (daily uptime)",
        "zh": "平台可靠性（每日在线概率）",
    },
    "lever.platform.closed_loop": {"en": "Closed-loop case tracking", "zh": "闭环案件跟踪"},
    "lever.platform.public_ratings": {
        "en": "Public ratings of responders",
        "zh": "公开评价处置主体",
    },
    "lever.platform.offline_channel": {
        "en": "Offline channel (off = digital only)",
        "zh": "线下渠道（关闭 = 纯数字化）",
    },
    "lever.literacy.training_seats_per_month": {
        "en": "Training seats per month",
        "zh": "每月数字技能培训名额",
    },
    "lever.incentives.time_bank_credit": {
        "en": "Time-bank credit per volunteer hour",
        "zh": "每志愿小时的时间银行积分",
    },
    "lever.organisation.grid_workers": {"en": "Grid workers", "zh": "网格员人数"},
    "lever.organisation.party_coordination": {
        "en": "Party-led coordination",
        "zh": "党建引领协调程度",
    },
    "lever.out_of_hours.rota_staff": {
        "en": "Evening and weekend rota",
        "zh": "晚间和周末轮班",
    },
    "lever.out_of_hours.duty_officer": {
        "en": "Duty officer for urgent cases",
        "zh": "紧急案件值班员",
    },
    # KPI cards and series
    "kpi.title": {"en": "Key indicators (last 30 days)", "zh": "关键指标（近 30 天）"},
    "unit.days": {"en": "days", "zh": "天"},
    "unit.points": {"en": "pts", "zh": "个百分点"},
    "unit.hours": {"en": "h", "zh": "小时"},
    "unit_axis.share": {"en": "share", "zh": "比例"},
    "unit_axis.days": {"en": "days", "zh": "天"},
    "unit_axis.hours": {"en": "hours", "zh": "小时"},
    "unit_axis.count": {"en": "count", "zh": "数量"},
    "unit_axis.index": {"en": "index 0–1", "zh": "指数 0–1"},
    "unit_axis.points": {"en": "percentage points", "zh": "百分点"},
    "unit_axis.yuan_per_year": {"en": "yuan/year", "zh": "元/年"},
    "unit_axis.yuan_per_event": {"en": "yuan per event", "zh": "元/次"},
    "unit_axis.rate": {"en": "rate", "zh": "比率"},
    "kpi.all": {"en": "Every indicator (last 30 days)", "zh": "全部指标（近 30 天）"},
    "kpi.better": {"en": "better", "zh": "更好"},
    "kpi.worse": {"en": "worse", "zh": "更差"},
    # sections of the metric registry (a section without a row here shows as registered)
    "section.Participation (S0, S1, S3)": {"en": "Participation", "zh": "参与"},
    "section.Adoption and digital divide (S4)": {
        "en": "Adoption and digital divide",
        "zh": "平台采用与数字鸿沟",
    },
    "section.Responsiveness (S2, S4)": {"en": "Responsiveness", "zh": "响应性"},
    "section.Responsiveness": {"en": "Responsiveness", "zh": "响应性"},
    "section.Trust": {"en": "Trust", "zh": "信任"},
    "section.Polycentricity (S0, S3)": {
        "en": "Who handles cases (polycentricity)",
        "zh": "由谁处置（多中心性）",
    },
    "section.S0 communities (indices 0-1)": {
        "en": "Four kinds of community (indices 0–1)",
        "zh": "四个“共同体”（指数 0–1）",
    },
    "section.Other": {"en": "Other", "zh": "其他"},
    "section.12345 hotline KPIs (evidence)": {
        "en": "12345 hotline indicators",
        "zh": "12345 热线考核指标",
    },
    "section.Costs (yuan per year)": {"en": "Costs (yuan per year)", "zh": "成本（元/年）"},
    "section.One-off costs (yuan per event)": {
        "en": "One-off costs (yuan per event)",
        "zh": "一次性成本（元/次）",
    },
    # events of a scenario (`events:`), marked on the daily series
    "event.demand_surge": {"en": "demand surge", "zh": "需求激增"},
    "event.outage": {"en": "platform outage", "zh": "平台中断"},
    "event.staff_cut": {"en": "staff cut", "zh": "人手削减"},
    "event.staffing": {"en": "staffing change", "zh": "人手调整"},
    "view.events": {"en": "Shaded: events of the scenario ({})", "zh": "阴影：情景中的事件（{}）"},
    "na": {"en": "n/a", "zh": "暂无"},
    # a saved Pareto set of `govsim optimise` (the "Policy search" view)
    "view.simulation": {"en": "Simulation", "zh": "模拟"},
    "pareto.title": {"en": "Policy search", "zh": "政策搜索"},
    "pareto.intro": {
        "en": "A saved policy search: “{}”, on the scenario {}. Each policy was run in the same "
        "{} futures (assumed numbers drawn from their plausible ranges); its objectives are "
        "measures over those futures. {} policies are in the Pareto set: none is better in "
        "every objective than another.",
        "zh": "已保存的政策搜索：“{}”，基于情景{}。每项政策都在相同的 {} 个未来情景"
        "（假设参数在其合理范围内抽取）中运行，其目标是跨这些未来情景的度量。"
        "帕累托集合共有 {} 项政策：没有一项在所有目标上都优于另一项。",
    },
    "pareto.none_feasible": {
        "en": "No policy searched meets every constraint in the required share of futures: "
        "these are the least infeasible.",
        "zh": "所搜索的政策中，没有一项能在要求比例的未来情景中满足全部约束："
        "以下为最接近满足的政策。",
    },
    "pareto.plot_help": {
        "en": "Each numbered point is a policy of the table below; grey: every other policy "
        "evaluated. Pick a policy with its button to watch its days in the simulation.",
        "zh": "每个带编号的点是下表中的一项政策；灰色：其他所有被评估过的政策。"
        "点击政策对应的按钮，可在模拟中逐日观看。",
    },
    "pareto.table": {"en": "The Pareto policies", "zh": "帕累托政策"},
    "pareto.number": {"en": "Policy", "zh": "政策"},
    "pareto.feasible": {"en": "Meets every constraint", "zh": "满足全部约束"},
    "pareto.yes": {"en": "yes", "zh": "是"},
    "pareto.no": {"en": "no", "zh": "否"},
    "pareto.mean": {"en": "mean over futures", "zh": "各未来情景的均值"},
    "pareto.percentile": {"en": "{}th percentile over futures", "zh": "各未来情景的第 {} 百分位数"},
    "pareto.regret": {"en": "largest regret over futures", "zh": "各未来情景中的最大遗憾值"},
    "pareto.lower": {"en": "lower is better", "zh": "越低越好"},
    "pareto.higher": {"en": "higher is better", "zh": "越高越好"},
    "pareto.holds": {
        "en": "share of futures where {} {} {} (needed: {})",
        "zh": "{} {} {} 成立的未来情景比例（要求：{}）",
    },
    "pareto.evaluated": {"en": "other policies evaluated", "zh": "其他被评估的政策"},
    "pareto.meets": {"en": "Pareto set: meets the constraints", "zh": "帕累托集合：满足约束"},
    "pareto.misses": {"en": "Pareto set: misses a constraint", "zh": "帕累托集合：未满足约束"},
    "pareto.picked": {"en": "picked", "zh": "已选"},
    "pareto.plot_title": {
        "en": "Trade-off across {} futures",
        "zh": "{} 个未来情景下的权衡",
    },
    "pareto.watch": {"en": "Watch policy {}", "zh": "观看政策 {}"},
    "pareto.pick_help": {
        "en": "Loads the policy's levers (on the search's base scenario, with that "
        "scenario's seed and the search's horizon) into the simulation and starts it at day 0.",
        "zh": "将该政策的杠杆（基于搜索的基础情景，使用该情景的随机种子和搜索的模拟时长）"
        "载入模拟，并从第 0 天开始。",
    },
    "pareto.watching": {
        "en": "Watching policy {} of the policy search “{}” (its levers are marked among the "
        "controls).",
        "zh": "正在观看政策 {}（来自政策搜索“{}”；其杠杆显示在控制区）。",
    },
    "pareto.load_error": {
        "en": "The saved policy search could not be opened: {}",
        "zh": "无法打开已保存的政策搜索：{}",
    },
    "lever.responders.department_staff_hours_per_day": {
        "en": "Department staff-hours a day",
        "zh": "职能部门每日工时",
    },
    "lever.responders.community_office_staff_hours_per_day": {
        "en": "Community office staff-hours a day",
        "zh": "社区办公室每日工时",
    },
    "lever.event_factor": {"en": "Event {} ({}): factor", "zh": "事件 {}（{}）：倍数"},
    "lever.event_days": {"en": "Event {} ({}): length", "zh": "事件 {}（{}）：持续时间"},
    "lever.event_day": {"en": "Event {} ({}): first day", "zh": "事件 {}（{}）：开始日"},
    "unit.staff_hours_day": {"en": "staff-hours a day", "zh": "工时/天"},
    "unit.factor": {"en": "× usual", "zh": "倍（相对平常）"},
    "unit.day_number": {"en": "(day of the run)", "zh": "（运行的第几天）"},
    # views
    "view.day": {"en": "Day {} of {}", "zh": "第 {} 天 / 共 {} 天"},
    "view.neighbourhood": {"en": "The neighbourhood", "zh": "社区全貌"},
    "view.neighbourhood_help": {
        "en": "Each dot is a residential building, placed around its grid (large circle); "
        "dot area = residents, colour = share of adult residents "
        "who adopted the platform or took part in an activity in the last 30 days.",
        "zh": "每个圆点是一栋居民楼，围绕其所属网格（大圆）排列；"
        "圆点面积 = 居民人数，颜色 = 成年居民中采用平台或近 30 天参与活动的比例。",
    },
    "view.neighbourhood_help_grids": {
        "en": "Too many buildings to draw one by one: each dot is a grid (the outline "
        "colour is its community); dot area = residents, colour = "
        "share of adult residents who adopted the platform or took part in an activity "
        "in the last 30 days.",
        "zh": "楼栋过多，无法逐栋绘制：每个圆点是一个网格（"
        "外圈颜色表示所属社区）；圆点面积 = 居民人数，"
        "颜色 = 成年居民中采用平台或近 30 天参与活动的比例。",
    },
    "view.grid": {"en": "Grid", "zh": "网格"},
    "view.building": {"en": "Building", "zh": "楼栋"},
    "view.residents": {"en": "residents", "zh": "名居民"},
    # the inspector (inspector.py): a grid, a building or a worker clicked on the map
    "inspect.link_missing": {
        "en": "This run has no such grid, building, worker or case.",
        "zh": "本次运行中没有这个网格、楼栋、网格员或案件。",
    },
    "inspect.help": {
        "en": "Click (tap) a grid, a building or a worker's square on the map to inspect it.",
        "zh": "点击地图上的网格、楼栋或网格员方块，查看详情。",
    },
    "inspect.close": {"en": "Close", "zh": "关闭"},
    "inspect.title_grid": {"en": "Grid {} on day {}", "zh": "网格 {}（第 {} 天）"},
    "inspect.title_building": {
        "en": "Building {} (grid {}) on day {}",
        "zh": "楼栋 {}（网格 {}，第 {} 天）",
    },
    "inspect.residents": {
        "en": "{} residents: {} adults, {} of them use the platform; {} aged 60 or over.",
        "zh": "居民 {} 人：成年人 {} 人，其中使用平台 {} 人；60 岁及以上 {} 人。",
    },
    "inspect.workers": {"en": "Grid workers here: {}", "zh": "本网格的网格员：{} 人"},
    "inspect.no_workers": {
        "en": "No grid worker is assigned to this grid.",
        "zh": "本网格没有分配网格员。",
    },
    "inspect.worker": {
        "en": "Worker {} (visits up to {} households a day). Since day 1: issues found on "
        "patrol: {}, ratings collected in person: {}, residents coached (repeat visits "
        "counted): {}.",
        "zh": "网格员 {}（每天最多走访 {} 户）。自第 1 天起：巡查发现问题 {} 件，"
        "上门收集评价 {} 条，辅导居民 {} 人次。",
    },
    "inspect.last_day": {
        "en": "The workers' last day (day {}): households visited: {}, issues found on "
        "patrol: {}; cases of this grid resolved that day: {}.",
        "zh": "网格员最近一天（第 {} 天）：走访 {} 户，巡查发现问题 {} 件；"
        "当天本网格办结案件 {} 件。",
    },
    "inspect.nothing_run": {
        "en": "Nothing run yet: step a day to see the workers' day.",
        "zh": "尚未运行：前进 1 天即可看到网格员的一天。",
    },
    "inspect.queue": {
        "en": "Open cases: {}. Where they wait: not yet reported: {}, awaiting dispatch: {}, "
        "with a responder: {}.",
        "zh": "未办结案件：{} 件。所处环节：尚未上报 {} 件，待派单 {} 件，处置中 {} 件。",
    },
    "inspect.cases": {
        "en": "Follow a case (the oldest open, the last rated):",
        "zh": "跟踪一件案件（最早的未办结案件、最近评价的案件）：",
    },
    "inspect.no_cases": {"en": "No case here yet.", "zh": "这里还没有案件。"},
    "inspect.case": {"en": "Case {}: {}, {}", "zh": "案件 {}：{}，{}"},
    "inspect.trail_title": {"en": "Case {} ({})", "zh": "案件 {}（{}）"},
    "inspect.step_raised": {"en": "Day {}: the issue arose.", "zh": "第 {} 天：问题出现。"},
    "inspect.step_reported": {"en": "Day {}: {}.", "zh": "第 {} 天：{}。"},
    "inspect.channel_online": {"en": "reported online", "zh": "线上上报"},
    "inspect.channel_offline": {"en": "reported offline, in person", "zh": "线下当面上报"},
    "inspect.channel_patrol": {"en": "found by a grid worker on patrol", "zh": "网格员巡查发现"},
    "inspect.step_dispatched": {"en": "Day {}: sent to {}.", "zh": "第 {} 天：派给{}。"},
    "inspect.step_resolved": {
        "en": "Day {}: resolved, quality {} on a 0–1 scale.",
        "zh": "第 {} 天：办结，质量 {}（0–1 分）。",
    },
    "inspect.step_rated": {
        "en": "Day {}: rated by the resident, satisfaction {} on a 0–1 scale: the loop is closed.",
        "zh": "第 {} 天：居民评价，满意度 {}（0–1 分），闭环完成。",
    },
    "inspect.step_lapsed": {
        "en": "Never reported: the resident gave up (the day is not recorded).",
        "zh": "始终未上报：居民放弃了（未记录日期）。",
    },
    "inspect.step_now": {"en": "Day {}: {}.", "zh": "第 {} 天：{}。"},
    "inspect.status_0": {"en": "not yet reported", "zh": "尚未上报"},
    "inspect.status_1": {"en": "awaiting dispatch", "zh": "待派单"},
    "inspect.status_2": {"en": "with a responder", "zh": "处置中"},
    "inspect.status_3": {"en": "resolved, awaiting the rating", "zh": "已办结，待评价"},
    "inspect.status_4": {"en": "rated", "zh": "已评价"},
    "inspect.status_5": {"en": "given up", "zh": "已放弃"},
    "inspect.cat_repairs": {"en": "repairs", "zh": "维修"},
    "inspect.cat_sanitation": {"en": "sanitation", "zh": "环境卫生"},
    "inspect.cat_safety": {"en": "safety", "zh": "安全"},
    "inspect.cat_dispute": {"en": "dispute", "zh": "纠纷"},
    "inspect.cat_elderly_care": {"en": "elderly care", "zh": "养老服务"},
    "inspect.cat_property": {"en": "property", "zh": "物业"},
    "inspect.dept_repairs": {
        "en": "the housing and construction department",
        "zh": "住房和城乡建设部门",
    },
    "inspect.dept_sanitation": {"en": "the urban management department", "zh": "城市管理部门"},
    "inspect.dept_safety": {"en": "the public security department", "zh": "公安部门"},
    "inspect.dept_dispute": {"en": "the justice and mediation department", "zh": "司法调解部门"},
    "inspect.dept_elderly_care": {"en": "the civil affairs department", "zh": "民政部门"},
    "inspect.dept_property": {
        "en": "the street office (property supervision)",
        "zh": "街道办事处（物业监管）",
    },
    "inspect.group_property_company": {"en": "property company {}", "zh": "物业公司 {}"},
    "inspect.group_volunteer_team": {"en": "volunteer team {}", "zh": "志愿服务队 {}"},
    "inspect.group_social_organisation": {"en": "social organisation {}", "zh": "社会组织 {}"},
    "view.series": {"en": "Daily series", "zh": "每日走势"},
    "view.series_help": {
        "en": "Every indicator of the chosen section, 30-day window; one panel per unit.",
        "zh": "所选类别的全部指标（30 天窗口）；每种单位一个面板。",
    },
    "ctl.section": {"en": "Section", "zh": "指标类别"},
    "view.day_axis": {"en": "day", "zh": "天数"},
    "view.survival": {"en": "Cases still open after t days", "zh": "t 天后仍未办结的案件比例"},
    "view.survival_help": {
        "en": "Of the cases reported so far, the share not yet resolved t days after their "
        "report (a survival curve; lower and steeper is more responsive).",
        "zh": "迄今上报的案件中，上报 t 天后仍未办结的比例（生存曲线；越低越陡，响应越快）。",
    },
    "view.survival_axis": {"en": "days since report", "zh": "上报后天数"},
    "view.chart_pending": {"en": "drawing…", "zh": "绘制中…"},
    "view.flow": {"en": "Where cases go", "zh": "案件去向"},
    "view.flow_help": {
        "en": "All cases raised so far, by how they reached the system (rows) and who "
        "handles them (colours).",
        "zh": "迄今提出的全部案件：按进入渠道（行）和处置主体（颜色）划分。",
    },
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
        "两边选同一情景，即可看到所改杠杆的效果。",
    },
    "view.compare_pick": {
        "en": "Choose a scenario under “Compare with” to see two runs side by side.",
        "zh": "在“对比情景”中选择一个情景，即可并排查看两次运行。",
    },
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
    "scenario.community_y_storm": {
        "en": "Community Y with a storm week",
        "zh": "Y 社区遭遇一周暴雨",
    },
    "scenario.beijing_2019": {
        "en": "A Beijing street, January 2019",
        "zh": "北京某街道（2019 年 1 月）",
    },
    "scenario.beijing_reform": {
        "en": "Beijing 12345 reform from January 2019",
        "zh": "北京 12345 接诉即办改革（2019 年 1 月起）",
    },
    "scenario.district_100k": {"en": "District of 100,000 residents", "zh": "10 万居民的街区"},
    "scenario.district_1m": {
        "en": "City district of 1,000,000 residents",
        "zh": "100 万居民的城区",
    },
    # hover texts of the headline cards in Chinese (English: the metric's own docstring)
    "desc.participation_rate": {"en": "-", "zh": "近 30 天参加过活动的成年人比例。"},
    "desc.adoption_rate": {"en": "-", "zh": "窗口期末使用平台的成年人比例。"},
    "desc.digital_divide": {
        "en": "-",
        "zh": "60 岁以下成年人的平台采用率减去 60 岁及以上的采用率（百分点）。",
    },
    "desc.response_within_24h": {
        "en": "-",
        "zh": "上报后 24 小时内被受理（处置主体开始处理）的案件比例。",
    },
    "desc.mean_days_to_resolve": {"en": "-", "zh": "窗口内办结案件从上报到办结的平均天数。"},
    "desc.median_days_to_resolve": {"en": "-", "zh": "窗口内办结案件从上报到办结天数的中位数。"},
    "desc.satisfaction": {"en": "-", "zh": "窗口内办结案件的平均满意度（0–1）。"},
    "desc.trust_government": {"en": "-", "zh": "窗口期末成年人对政府的平均信任度（0–1）。"},
}


SCHEMA_ZH: dict[str, str] = {
    # the scenario schema's descriptions (Field ``description=``) in Chinese, keyed by the
    # dotted schema key; English is the schema's own text (`levers.help_text`). Every lever
    # shown needs one (tests/dashboard/test_dashboard.py renders the page in 中文 and checks).
    "platform.initial_adoption": "第 0 天使用平台的成年人比例。",
    "platform.integrated": "一个集成应用（开）或多个分散应用（关）。",
    "platform.reliability": "平台每天在线的概率。",
    "platform.closed_loop": "闭环案件跟踪：开或关（每件案件跟踪到办结并回访）。",
    "platform.public_ratings": "居民对处置主体的公开评价：开或关。",
    "platform.offline_channel": "关 = 纯数字化：居民不能再到线下窗口或找网格员上报。",
    "literacy.training_seats_per_month": "每月数字技能培训名额。",
    "incentives.time_bank_credit": "每志愿服务 1 小时计入时间银行的小时数。",
    "organisation.grid_workers": "全职网格员人数。",
    "organisation.party_coordination": "党建引领协调降低组织壁垒的程度（0–1）；"
    "以投入计：网格党支部把每网格每周协调工时中的多大比例用于协调（1 = 全部）。",
    "out_of_hours.rota_staff": "办公时间以外在岗的部门工作人员数：工作日从下班到轮班结束，"
    "周末从上班到轮班结束（0 = 无轮班，默认）；按加班工资计成本。",
    "out_of_hours.duty_officer": "值班员：在任何时间对紧急类别（默认：安全）的案件在派单后"
    "数小时内首次响应（案件仍由原处置主体办理）；按年计成本。",
}


# The "About this model" page (dashboard/about.py), under keys "about.*".
ABOUT_TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "About this model", "zh": "关于本模型"},
    "what": {"en": "What the model is", "zh": "模型是什么"},
    "odd_note": {"en": "From docs/ODD.md §1.", "zh": "摘自 docs/ODD.md 第 1 节（英文原文）。"},
    "numbers": {"en": "Assumed and sourced numbers", "zh": "假设的与有出处的参数"},
    "counts": {
        "en": "{} scenario settings: {} assumed (a plausible value, not measured); {} others "
        "name their source (a paper, a census, a standard) or set up the run (its horizon, "
        "seed, name). docs/ODD.md §8 lists each with its source.",
        "zh": "共 {} 项情景参数：{} 项为假设值（合理取值，未经测量）；其余 {} 项注明出处"
        "（论文、普查或标准）或为运行设置（时长、随机种子、名称）。"
        "各项出处见 docs/ODD.md 第 8 节。",
    },
    "calibrated": {"en": "Calibrated to data ({})", "zh": "依据数据校准（{}）"},
    "posterior": {
        "en": "posterior mean {} (90 % interval {}–{})",
        "zh": "后验均值 {}（90% 区间 {}–{}）",
    },
    "targets": {
        "en": "{} targets fitted; {} held out (not fitted), of which {} inside the "
        "posterior predictive interval: {}.",
        "zh": "拟合目标 {} 个；留出（未拟合）{} 个，其中 {} 个落在后验预测区间内：{}。",
    },
    "inside": {"en": "inside", "zh": "区间内"},
    "outside": {"en": "outside", "zh": "区间外"},
    "forecast": {"en": "Blind forecast", "zh": "盲预测"},
    "forecast_what": {
        "en": "Committed before the data it forecasts were seen: scenario {}, {} months, "
        "{} posterior draws × {} seeds (docs/forecast.json).",
        "zh": "在看到所预测的数据之前提交：情景 {}，{} 个月，{} 个后验抽样 × {} 个随机种子"
        "（docs/forecast.json）。",
    },
    "score": {"en": "Its score, as written after the reveal: ", "zh": "揭晓后的评分（英文原文）："},
    "held_out_later": {"en": "Still held out: ", "zh": "仍留出未看："},
    "cite": {"en": "How to cite a run", "zh": "如何引用一次运行"},
    "cite_text": {
        "en": "This command reproduces the run shown, byte for byte; cite it with the version.",
        "zh": "以下命令可逐字节复现当前运行；引用时请同时注明版本。",
    },
    "version": {"en": "Version: govsim {}", "zh": "版本：govsim {}"},
    "missing": {"en": "(not found: {})", "zh": "（未找到：{}）"},
}
TEXT.update({"about." + key: text for key, text in ABOUT_TEXT.items()})


def t(key: str, lang: str, *args: object) -> str:
    """The text for `key` in `lang` ("en" or "zh"), formatted with `args` if given."""
    text = TEXT[key][lang]
    return text.format(*args) if args else text


SOURCE_CODES = re.compile(r"\s*\((?:S\d[^)]*|[^)]*\bS\d\b[^)]*)\)")
"""A parenthesised reference to the seed papers, e.g. "(S1)", "(S2 closed loop)",
"(S4 Community Y × 13.3)": meaningful to the model's authors, not to a user."""


def plain(text: str) -> str:
    """`text` without references to the seed papers (S0–S4) in brackets."""
    return SOURCE_CODES.sub("", text).strip()


def scenario_label(name: str, lang: str, description: str = "") -> str:
    """A scenario's display name: the translated label of a shipped scenario; otherwise the
    start of its file's ``description`` (up to a colon, without paper codes, at most 60
    characters), else the name. No file name: the scenario's name goes into the URL and the
    command, not on the label."""
    entry = TEXT.get(f"scenario.{name}")
    if entry:
        return entry[lang]
    short = plain(description.split(":")[0])
    if len(short) > 60:
        short = short[:59].rstrip() + "…"
    return short or name

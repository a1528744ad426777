"""The dashboard's style sheet (one string, put on the page once)."""

CSS = """
.kpi-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
  gap: 8px; }
.kpi-card { border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; background: #fafafa;
  min-width: 0; }
.kpi-label { font-size: 13px; color: #555; }
.kpi-value { font-size: 22px; font-weight: 600; color: #1f3b73; overflow-wrap: anywhere; }
.kpi-unit { font-size: 12px; font-weight: 400; color: #555; }
.kpi-spread { font-size: 13px; font-weight: 400; color: #555; }
.gs-muted { color: #666; font-size: 13px; }
.lever-label { font-size: 14px; margin-top: 6px; }
.lever-changed .lever-label, .lever-changed.v-input--switch label { color: #b45309;
  font-weight: 600; }
.lever-mark { color: #b45309; font-size: 12px; }
.gs-table { border-collapse: collapse; }
.gs-table td, .gs-table th { padding: 2px 8px; text-align: right; font-size: 14px; }
.gs-table td:first-child, .gs-table th:first-child { text-align: left; }
.gs-scroll { overflow-x: auto; max-width: 100%; }
h2.gs, h3.gs { margin: 4px 0; }
.gs-better { color: #1a7f37; } .gs-worse { color: #b42318; }
.all-indicators th.section { text-align: left !important; background: #f0f0f0; }
.gs-views { display: flex; flex-wrap: wrap; gap: 16px; }
.gs-views > div { flex: 1 1 420px; min-width: 0; }
.chart-box { position: relative; max-width: 100%; }
.chart-box { width: 100%; }
/* the series chart: a sideways drag or two fingers move the days, up-down scrolls (vega.py) */
.vega-view { touch-action: pan-y; }
.chart-box img, img.chart { width: 100% !important; max-width: 100%; height: auto !important;
  display: block; }
.chart-hover-box { position: absolute; left: 0; top: 0; width: 100%; height: 100%; }
.chart-hover-box svg.chart-hover { width: 100%; height: 100%; display: block; }
.chart-box svg.chart-hover rect:hover { fill: rgba(0, 0, 0, 0.06); }
.rebuilt-notice { background: #fff7e6; border-left: 4px solid #d97706; padding: 6px 10px;
  margin: 6px 0; font-size: 14px; }
.input-error { color: #b42318; font-size: 13px; margin: 4px 0; }
.command { font-family: monospace; font-size: 12px; background: #f4f4f4; padding: 6px;
  overflow-wrap: anywhere; border-radius: 4px; }
.map svg { max-width: 100%; height: auto; }
/* the inspector (inspector_view.py): what a click on the map picks, and its card */
.map [data-grid], .map [data-building], .map [data-worker] { cursor: pointer; }
.inspect-help { color: #666; font-size: 13px; margin-top: 4px; }
.inspector-card { border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px;
  background: #fafafa; margin-top: 8px; font-size: 14px; max-width: 520px; }
.inspector-card ul, .inspector-card ol { margin: 4px 0; padding-left: 20px; }
.inspector-card .inspect-title { font-size: 15px; margin-bottom: 4px; }
.inspect-worker.picked { font-weight: 600; color: #d62728; }
.inspect-case-list { display: flex; flex-direction: column; align-items: flex-start; }
.v-btn.inspect-case { text-transform: none; letter-spacing: normal; height: auto !important;
  min-height: 28px; padding: 2px 6px !important; max-width: 100%; }
.v-btn.inspect-case .v-btn__content { white-space: normal; text-align: left; flex: 1 1 auto; }
.v-btn.inspect-case.followed { background: #fff1d6; }
.case-trail { border-left: 3px solid #d62728; padding-left: 8px; margin: 6px 0; }
.pareto-table tr.picked td { background: #fff1d6; }
.pareto-table td { white-space: nowrap; }
.pareto-table th { min-width: 7em; max-width: 14em; vertical-align: bottom; font-weight: 600;
  font-size: 13px; }
.pareto-chart-box { max-width: 760px; }
.pareto-watching { background: #eef4ff; border-left: 4px solid #3182bd; padding: 6px 10px;
  margin: 6px 0; font-size: 14px; }
/* the phone's drawer slides in below the app bar, so its ☰ button closes it again */
.v-navigation-drawer--is-mobile { top: 56px !important; max-height: calc(100% - 56px) !important; }
@media (max-width: 600px) {
  .v-navigation-drawer { min-width: 0 !important; width: 88vw !important;
    max-width: 88vw !important; }
  /* the app bar's title wraps to two lines rather than being cut at 390 px */
  .v-toolbar__title { font-size: 15px !important; white-space: normal !important;
    line-height: 1.15 !important; overflow: visible !important; }
  .kpi-grid { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .kpi-value { font-size: 18px; }
}
/* Solara's "This website runs on Solara" badge covered the charts' legends */
/* (a plain selector: a :has() rule is re-checked on every change to the page) */
.v-application--wrap > div > div[style*="position: absolute"][style*="bottom: 0px"] {
  display: none !important; }
"""

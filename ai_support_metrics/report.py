"""The weekly report: one self-contained HTML file a CX lead reads instead of the tables.

`load_report_data(layer)` asks the semantic layer's saved queries (models/semantic/) for every
figure, overall and per intent, and reads the event-like marts (alerts, knowledge gaps,
calibration, novel intents when dim_intents exists) as they are. `render_report(data)` turns
them into HTML with Plotly charts whose JavaScript is embedded, so the file opens with no
network. `write_report(...)` does both. Only aggregates are read: no customer id, ticket id or
message text reaches the file.

The report's week is the latest complete week (no ticket with an open re-contact window);
later weeks are drawn, marked provisional, and never used for week-over-week changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from ai_support_metrics.semantic_layer import SemanticLayer

ALL_INTENTS = "All intents"
TREND_WEEKS = 12  # weeks drawn in the trend charts, up to the latest week
ALERT_WEEKS = 4  # complete weeks whose alerts are listed

# The metric hierarchy: (metric, format, is higher better?) per tier; None = neither.
HIERARCHY = {
    "Primary - is the customer's problem really solved?": [
        ("ai_resolution_rate", "percent", True),
        ("deflection_rate", "percent", None),
        ("deflection_gap_points", "points", False),
        ("recontact_rate", "percent", False),
        ("avg_resolution_confidence", "score", True),
    ],
    "Secondary - what the business reports and feels": [
        ("escalation_rate", "percent", False),
        ("downstream_action_rate", "percent", True),
        ("csat_ai", "csat", True),
        ("csat_human", "csat", True),
        ("low_confidence_share", "percent", False),
        ("avg_effort_score", "score", False),
        ("hours_freed", "hours", True),
    ],
    "Diagnostic - where to look when a primary metric moves": [
        ("reexplain_rate", "percent", False),
        ("context_lost_rate", "percent", False),
        ("channel_switch_rate", "percent", False),
    ],
}
# The semantic layer's saved queries the report reads: for all intents -> per intent, by which dimension.
SAVED_QUERIES = {
    "weekly_metric_hierarchy": ("intent_weekly_metrics", "ticket__intent"),
    "weekly_value": ("intent_weekly_value", "intent_week__intent"),
    "weekly_handoffs": ("intent_weekly_handoffs", "ticket__intent"),
}
ESCALATION_REASONS = ["customer_asked_rate", "low_ai_confidence_rate", "repeated_failure_rate", "other_reason_rate"]
COLOURS = {
    "deflection_rate": "#9aa5b1", "ai_resolution_rate": "#1f6feb", "recontact_rate": "#d1495b",
    "downstream_action_rate": "#2a9d8f", "avg_resolution_confidence": "#6f42c1", "low_confidence_share": "#e9a23b",
    "customer_asked_rate": "#1f6feb", "low_ai_confidence_rate": "#6f42c1", "repeated_failure_rate": "#d1495b",
    "other_reason_rate": "#9aa5b1", "median_hours_after_ai_handoff": "#d1495b",
    "median_hours_human_from_start": "#1f6feb",
}


@dataclasses.dataclass(frozen=True)
class ReportData:
    """Everything the report shows. Figure frames have one row per scope (ALL_INTENTS or an
    intent) and week_start, and is_provisional (the week's re-contact windows are not all past)."""

    figures: pd.DataFrame  # the metric hierarchy, hours freed and the handoff figures
    labels: dict[str, str]  # metric name -> its label in the semantic layer
    latest_complete_week: dt.date
    alerts: pd.DataFrame
    knowledge_gaps: pd.DataFrame
    calibration: pd.DataFrame  # scope, bins, auc, brier_score
    novel_intents: pd.DataFrame  # dim_intents' novel intents

    @property
    def intents_of_the_week(self) -> pd.DataFrame:
        """The report week's figures, one row per intent."""
        figures = self.figures
        return figures[(figures.week_start == self.latest_complete_week) & (figures.scope != ALL_INTENTS)]

    @property
    def scopes(self) -> list[str]:
        """ALL_INTENTS, then the intents by where value leaks most in the report's week."""
        week = self.intents_of_the_week
        leaking = week.sort_values(["unresolved_tickets", "scope"], ascending=[False, True]).scope.tolist()
        others = sorted(set(self.figures.scope) - set(leaking) - {ALL_INTENTS})
        return [ALL_INTENTS, *leaking, *others]


def _scoped(frame: pd.DataFrame, scope_column: str | None) -> pd.DataFrame:
    frame = frame.rename(columns={"metric_time__week": "week_start"})
    frame["week_start"] = pd.to_datetime(frame["week_start"]).dt.date
    frame["scope"] = frame.pop(scope_column) if scope_column else ALL_INTENTS
    return frame.set_index(["scope", "week_start"])


def load_report_data(layer: SemanticLayer) -> ReportData:
    """The report's figures from the semantic layer's saved queries and the event-like marts."""
    figures = pd.concat([
        pd.concat([_scoped(layer.query(saved_query=overall), None),
                   _scoped(layer.query(saved_query=per_intent), intent_dimension)])
        for overall, (per_intent, intent_dimension) in SAVED_QUERIES.items()
    ], axis=1)
    # Metrics asked by more than one view (escalation_rate, ...) are kept once.
    figures = figures.loc[:, ~figures.columns.duplicated()].reset_index()
    figures["is_provisional"] = figures.provisional_tickets.fillna(0) > 0
    complete_weeks = figures[(figures.scope == ALL_INTENTS) & ~figures.is_provisional].week_start
    latest_complete_week = complete_weeks.max() if len(complete_weeks) else figures.week_start.max()
    connection = layer.connection
    alerts = connection.execute(
        """
        select intent, week_start, alert_type, severity, metric_name, week_base, metric_value,
            baseline_value, change_vs_baseline, threshold, deflection_rate, deflection_rate_baseline
        from fct_intent_alerts
        where week_start <= ? and week_start > ?
        order by week_start desc, severity, intent, alert_type
        """,
        [latest_complete_week, latest_complete_week - dt.timedelta(weeks=ALERT_WEEKS)],
    ).df()
    knowledge_gaps = connection.execute(
        """
        select intent, gap_rank, recent_tickets, recent_ai_resolution_rate, gap_score, gap_weeks,
            weeks_open, is_gap_open, first_gap_week, gap_opened_week
        from fct_knowledge_gaps
        order by gap_rank
        """
    ).df()
    calibration = connection.execute(
        """
        select
            case when is_all_intents then ? else intent end as scope,
            confidence_bin, bin_tickets, avg_predicted_confidence, observed_resolution_rate, auc, brier_score
        from fct_confidence_calibration
        order by scope, confidence_bin
        """,
        [ALL_INTENTS],
    ).df()
    return ReportData(
        figures=figures,
        labels=layer.metric_labels,
        latest_complete_week=latest_complete_week,
        alerts=alerts,
        knowledge_gaps=knowledge_gaps,
        calibration=calibration,
        novel_intents=_novel_intents(connection),
    )


def _novel_intents(connection) -> pd.DataFrame:
    """Novel intents (dim_intents.is_novel): needs the agent was not built for, largest first,
    each with a redacted example of how customers put it."""
    return connection.execute(
        """
        select intent, tickets, novelty_window_weekly_tickets, first_seen_week_start, example_message
        from dim_intents
        where is_novel
        order by tickets desc, intent
        """
    ).df()


# ---------------------------------------------------------------------------- formatting

def format_value(value, kind: str) -> str:
    """A figure as the report prints it ('63.2%', '4.21', '12.5 pts', '1,234 h'); '-' when missing."""
    if value is None or pd.isna(value):
        return "-"
    return {
        "percent": f"{value:.1%}",
        "points": f"{value:.1f} pts",
        "score": f"{value:.2f}",
        "csat": f"{value:.2f}",
        "hours": f"{value:,.0f} h",
        "count": f"{value:,.0f}",
    }[kind]


def format_change(change, kind: str) -> str:
    """A week-over-week change ('+1.3 pts' for rates, '+0.04' for scores)."""
    if change is None or pd.isna(change):
        return ""
    if kind == "percent":
        return f"{change * 100:+.1f} pts"
    if kind == "hours":
        return f"{change:+,.0f} h"
    return f"{change:+.1f} pts" if kind == "points" else f"{change:+.2f}"


def _change_class(change, higher_is_better: bool | None) -> str:
    if change is None or pd.isna(change) or higher_is_better is None or abs(change) < 1e-12:
        return "flat"
    return "better" if (change > 0) == higher_is_better else "worse"


# ---------------------------------------------------------------------------- charts

def _trend_frame(data: ReportData, scope: str) -> pd.DataFrame:
    frame = data.figures[data.figures.scope == scope].sort_values("week_start")
    return frame.tail(TREND_WEEKS)


def _layout(title: str, **overrides) -> dict:
    return {
        "title": dict(text=title, x=0, font=dict(size=15)),
        "margin": dict(l=50, r=20, t=44, b=30), "height": 340, "template": "plotly_white",
        "legend": dict(orientation="h", yanchor="top", y=-0.12, x=0, xanchor="left"),
        "hovermode": "x unified", **overrides,
    }


def _mark_provisional(figure: go.Figure, frame: pd.DataFrame) -> None:
    provisional = frame[frame.is_provisional].week_start
    if len(provisional):
        start = pd.Timestamp(provisional.min()) - pd.Timedelta(days=3.5)
        end = pd.Timestamp(provisional.max()) + pd.Timedelta(days=3.5)
        figure.add_vrect(x0=start, x1=end, fillcolor="#f3e8c8", opacity=0.6, line_width=0, layer="below",
                         annotation_text="provisional", annotation_position="top left",
                         annotation_font=dict(size=11, color="#8a6d1d"))


def _lines(data: ReportData, scope: str, metrics: list[str], title: str, tickformat: str, **layout) -> go.Figure:
    frame = _trend_frame(data, scope)
    figure = go.Figure()
    for metric in metrics:
        figure.add_trace(go.Scatter(
            x=[pd.Timestamp(week) for week in frame.week_start], y=frame[metric].tolist(), name=data.labels[metric],
            mode="lines+markers", line=dict(color=COLOURS[metric], width=2.5),
            marker=dict(symbol=["circle-open" if p else "circle" for p in frame.is_provisional], size=8),
            hovertemplate=f"%{{y:{tickformat}}}",
        ))
    _mark_provisional(figure, frame)
    figure.update_layout(**_layout(title, **layout))
    figure.update_yaxes(tickformat=tickformat, rangemode="tozero")
    return figure


def value_leak_chart(data: ReportData, scope: str) -> go.Figure:
    week = data.intents_of_the_week.sort_values("unresolved_tickets")
    colours = ["#d1495b" if intent == scope else "#1f6feb" for intent in week.scope]
    figure = go.Figure(go.Bar(
        x=week.unresolved_tickets.tolist(), y=week.scope.tolist(), orientation="h", marker_color=colours,
        text=[f"{unresolved:,} of {tickets:,} ({unresolved / tickets:.0%})"
              for unresolved, tickets in zip(week.unresolved_tickets, week.tickets)],
        textposition="outside", cliponaxis=False,
        customdata=list(zip(week.tickets, week.ai_resolution_rate)),
        hovertemplate="%{y}: %{x} of %{customdata[0]} tickets not truly resolved"
                      " (true resolution %{customdata[1]:.1%})<extra></extra>",
    ))
    figure.update_layout(**_layout(
        f"Where value leaks: tickets not truly resolved, week of {data.latest_complete_week}",
        height=max(260, 30 * len(week) + 90), hovermode="closest", margin=dict(l=170, r=110, t=44, b=40),
    ))
    figure.update_xaxes(title_text=data.labels["unresolved_tickets"])
    return figure


def resolution_trend_chart(data: ReportData, scope: str) -> go.Figure:
    figure = _lines(data, scope, ["deflection_rate", "ai_resolution_rate"],
                    f"{scope}: deflection vs true AI resolution (shaded: the gap vendors over-report)", ".0%")
    figure.data[1].update(fill="tonexty", fillcolor="rgba(209, 73, 91, 0.12)")
    return figure


def outcome_trend_chart(data: ReportData, scope: str) -> go.Figure:
    return _lines(data, scope, ["recontact_rate", "downstream_action_rate", "low_confidence_share"],
                  f"{scope}: re-contact, downstream action, low-confidence share", ".0%")


def confidence_trend_chart(data: ReportData, scope: str) -> go.Figure:
    figure = _lines(data, scope, ["avg_resolution_confidence"], f"{scope}: resolution confidence (0-1)", ".2f")
    figure.update_yaxes(range=[0, 1])
    return figure


def escalation_reason_chart(data: ReportData, scope: str) -> go.Figure:
    frame = _trend_frame(data, scope)
    figure = go.Figure([
        go.Bar(x=[pd.Timestamp(week) for week in frame.week_start], y=frame[metric].tolist(),
               name=data.labels[metric], marker_color=COLOURS[metric], hovertemplate="%{y:.1%}")
        for metric in ESCALATION_REASONS
    ])
    _mark_provisional(figure, frame)
    figure.update_layout(**_layout(f"{scope}: why tickets reached a human (share of escalated)",
                                   barmode="stack"))
    figure.update_yaxes(tickformat=".0%", range=[0, 1])
    return figure


def handoff_time_chart(data: ReportData, scope: str) -> go.Figure:
    return _lines(data, scope, ["median_hours_after_ai_handoff", "median_hours_human_from_start"],
                  f"{scope}: human hours after an AI handoff vs human from the start", ".1f")


def calibration_chart(data: ReportData, scope: str) -> go.Figure:
    bins = data.calibration[data.calibration.scope == scope]
    figure = go.Figure(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="perfectly calibrated",
                                  line=dict(color="#9aa5b1", dash="dash"), hoverinfo="skip"))
    if len(bins):
        figure.add_trace(go.Scatter(
            x=bins.avg_predicted_confidence.tolist(), y=bins.observed_resolution_rate.tolist(),
            mode="markers+lines", name="observed", line=dict(color="#1f6feb"),
            marker=dict(size=[max(6.0, min(28.0, n ** 0.5)) for n in bins.bin_tickets], color="#1f6feb"),
            customdata=bins.bin_tickets.tolist(),
            hovertemplate="predicted %{x:.2f}, observed %{y:.1%} (%{customdata} tickets)<extra></extra>",
        ))
        quality = (f"AUC {format_value(bins.auc.iloc[0], 'score')},"
                   f" Brier {format_value(bins.brier_score.iloc[0], 'score')}")
    else:
        quality = "no ticket with a known outcome yet"
    figure.update_layout(**_layout(f"{scope}: predicted vs observed resolution per tenth of the score ({quality})",
                                   hovermode="closest", height=380, margin=dict(l=60, r=20, t=44, b=50)))
    figure.update_xaxes(title_text="predicted resolution confidence", range=[-0.02, 1.02])
    figure.update_yaxes(title_text="observed resolved share", range=[-0.03, 1.06], tickformat=".0%")
    return figure


CHARTS = {
    "value-leak": value_leak_chart,
    "resolution-trend": resolution_trend_chart,
    "outcome-trend": outcome_trend_chart,
    "confidence-trend": confidence_trend_chart,
    "escalation-reasons": escalation_reason_chart,
    "handoff-time": handoff_time_chart,
    "calibration": calibration_chart,
}


# ---------------------------------------------------------------------------- HTML

def _week_row(data: ReportData, scope: str, week: dt.date) -> pd.Series | None:
    rows = data.figures[(data.figures.scope == scope) & (data.figures.week_start == week)]
    return rows.iloc[0] if len(rows) else None


def _hierarchy_html(data: ReportData, scope: str) -> str:
    week = data.latest_complete_week
    current = _week_row(data, scope, week)
    previous = _week_row(data, scope, week - dt.timedelta(days=7))
    if current is None:
        return f'<p class="empty">No ticket about {html.escape(scope)} in the week of {week}.</p>'
    tiers = []
    for tier, metrics in HIERARCHY.items():
        cards = []
        for metric, kind, higher_is_better in metrics:
            value = current[metric]
            change = None
            if previous is not None and not previous.is_provisional:
                change = value - previous[metric]
            cards.append(
                f'<div class="card" data-metric="{metric}" data-value="{"" if pd.isna(value) else value}">'
                f'<div class="label">{html.escape(data.labels[metric])}</div>'
                f'<div class="value">{format_value(value, kind)}</div>'
                f'<div class="change {_change_class(change, higher_is_better)}">'
                f'{format_change(change, kind) or "&nbsp;"}</div></div>'
            )
        tiers.append(f'<div class="tier"><h3>{html.escape(tier)}</h3><div class="cards">{"".join(cards)}</div></div>')
    headline = (
        f'<p class="headline">In the week of {week}, the AI truly resolved'
        f' <b>{format_value(current.ai_resolution_rate, "percent")}</b>'
        f' of {int(current.tickets):,} tickets, against <b>{format_value(current.deflection_rate, "percent")}</b>'
        f' deflected: {format_value(current.deflection_gap_points, "points")} of the tickets counted as deflected'
        f' came back about the same problem. {int(current.unresolved_tickets):,} tickets were not truly resolved.'
        f' Changes are against the week before.</p>'
    )
    return headline + "".join(tiers)


def _table(frame: pd.DataFrame, columns: dict[str, tuple[str, str]], intent_column: str = "intent",
           row_class=None) -> str:
    head = "".join(f"<th>{html.escape(label)}</th>" for label, _ in columns.values())
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for column, (_, kind) in columns.items():
            value = row[column]
            text = format_value(value, kind) if kind in ("percent", "points", "score", "count") else "yes" if (
                kind == "yes/no" and value) else "no" if kind == "yes/no" else (
                "-" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value))
            if kind == "date" and text != "-":
                text = str(pd.Timestamp(value).date())
            cells.append(f"<td>{html.escape(text)}</td>")
        extra = f' class="{row_class(row)}"' if row_class else ""
        rows.append(f'<tr data-intent="{html.escape(str(row[intent_column]))}"{extra}>{"".join(cells)}</tr>')
    return f'<table class="filterable"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _intents_html(data: ReportData) -> str:
    """The report week's figures per intent, in value-leak order."""
    week = data.intents_of_the_week.set_index("scope")
    week = week.reindex([scope for scope in data.scopes if scope in week.index]).reset_index()
    return _table(week, {
        "scope": ("Intent", "text"), "tickets": ("Tickets", "count"),
        "unresolved_tickets": ("Not truly resolved", "count"), "deflection_rate": ("Deflection", "percent"),
        "ai_resolution_rate": ("True resolution", "percent"), "deflection_gap_points": ("Gap", "points"),
        "recontact_rate": ("Re-contact", "percent"), "downstream_action_rate": ("Downstream action", "percent"),
        "avg_resolution_confidence": ("Confidence", "score"), "escalation_rate": ("Escalation", "percent"),
    }, intent_column="scope")


def _alerts_html(data: ReportData) -> str:
    if data.alerts.empty:
        return f"<p class='empty'>No alert in the {ALERT_WEEKS} weeks up to {data.latest_complete_week}.</p>"
    alerts = data.alerts.copy()
    kinds = ["csat" if name.startswith("csat") else "percent" for name in alerts.metric_name]
    for column in ("metric_value", "baseline_value"):
        alerts[column] = [format_value(value, kind) for value, kind in zip(alerts[column], kinds)]
    for column in ("change_vs_baseline", "threshold"):
        alerts[column] = [format_change(value, kind) for value, kind in zip(alerts[column], kinds)]
    alerts["metric_name"] = [data.labels.get(name, name) for name in alerts.metric_name]
    return _table(alerts, {
        "week_start": ("Week", "date"), "intent": ("Intent", "text"), "alert_type": ("Alert", "text"),
        "severity": ("Severity", "text"), "metric_name": ("Figure", "text"), "metric_value": ("This week", "text"),
        "baseline_value": ("Baseline", "text"), "change_vs_baseline": ("Change", "text"),
        "threshold": ("Threshold", "text"), "deflection_rate": ("Deflection", "percent"),
        "deflection_rate_baseline": ("Deflection baseline", "percent"),
    }, row_class=lambda row: "this-week" if pd.Timestamp(row.week_start).date() == data.latest_complete_week else "")


def _knowledge_gaps_html(data: ReportData) -> str:
    return _table(data.knowledge_gaps, {
        "gap_rank": ("Rank", "count"), "intent": ("Intent", "text"), "is_gap_open": ("Gap open", "yes/no"),
        "weeks_open": ("Weeks open", "count"), "gap_opened_week": ("Open since", "date"),
        "first_gap_week": ("First gap week", "date"), "gap_weeks": ("Gap weeks in all", "count"),
        "recent_tickets": ("Recent tickets", "count"),
        "recent_ai_resolution_rate": ("Recent true resolution", "percent"),
        "gap_score": ("Not truly resolved", "count"),
    }, row_class=lambda row: "open" if row.is_gap_open else "")


def _novel_intents_html(data: ReportData) -> str:
    body = ("<p class='empty'>No novel intent.</p>" if data.novel_intents.empty else _table(data.novel_intents, {
        "intent": ("Intent", "text"), "tickets": ("Tickets", "count"),
        "novelty_window_weekly_tickets": ("Tickets a week lately", "count"),
        "first_seen_week_start": ("First seen", "date"), "example_message": ("A customer's words (redacted)", "text"),
    }))
    return (f'<section id="novel-intents"><h2>New intents</h2><p class="note">Needs the agent was not built for:'
            f" intents discovered in unlabelled tickets that appeared recently and keep coming.</p>{body}</section>")


def _chart_section(chart_id: str) -> str:
    return f'<div class="chart" id="chart-{chart_id}"></div>'


def render_report(data: ReportData) -> str:
    """The report as one HTML document (Plotly's JavaScript embedded)."""
    scopes = data.scopes
    figures = {chart_id: {scope: json.loads(build(data, scope).to_json()) for scope in scopes}
               for chart_id, build in CHARTS.items()}
    hierarchy = "".join(
        f'<div class="scope-block" data-scope="{html.escape(scope)}"{"" if scope == ALL_INTENTS else " hidden"}>'
        f"{_hierarchy_html(data, scope)}</div>"
        for scope in scopes
    )
    options = "".join(f'<option value="{html.escape(scope)}">{html.escape(scope)}</option>' for scope in scopes)
    provisional_weeks = sorted({str(week) for week in data.figures[data.figures.is_provisional].week_start})
    provisional_note = (f"Provisional (re-contact windows still open, never compared as final):"
                        f" {', '.join(provisional_weeks)}." if provisional_weeks else "No provisional week.")
    page = _TEMPLATE
    for key, value in {
        "__WEEK__": str(data.latest_complete_week),
        "__OPTIONS__": options,
        "__PROVISIONAL__": html.escape(provisional_note),
        "__HIERARCHY__": hierarchy,
        "__ALERTS__": _alerts_html(data),
        "__INTENTS__": _intents_html(data),
        "__GAPS__": _knowledge_gaps_html(data),
        "__NOVEL__": _novel_intents_html(data),
        "__CHART_VALUE_LEAK__": _chart_section("value-leak"),
        "__CHART_RESOLUTION__": _chart_section("resolution-trend"),
        "__CHART_OUTCOMES__": _chart_section("outcome-trend"),
        "__CHART_CONFIDENCE__": _chart_section("confidence-trend"),
        "__CHART_REASONS__": _chart_section("escalation-reasons"),
        "__CHART_HANDOFF_TIME__": _chart_section("handoff-time"),
        "__CHART_CALIBRATION__": _chart_section("calibration"),
        "__FIGURES__": json.dumps(figures).replace("</", "<\\/"),
        "__PLOTLY__": get_plotlyjs(),
    }.items():
        page = page.replace(key, value)
    return page


def write_report(manifest_path: str | Path, warehouse_path: str | Path, out_path: str | Path) -> Path:
    """Query the semantic layer of the warehouse and write the report; returns its path."""
    with SemanticLayer(manifest_path, warehouse_path) as layer:
        data = load_report_data(layer)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(render_report(data), encoding="utf-8")
    return out_path


_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>AI support weekly report - week of __WEEK__</title>
<style>
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1f2328;
       background: #f6f8fa; margin: 0; }
header { background: #0d1b2a; color: #fff; padding: 18px 32px; display: flex; align-items: center;
         justify-content: space-between; flex-wrap: wrap; gap: 12px; position: sticky; top: 0; z-index: 10; }
header h1 { font-size: 20px; margin: 0; font-weight: 600; }
header .sub { font-size: 13px; color: #c9d1d9; margin-top: 4px; }
header label { font-size: 14px; }
header select { font-size: 14px; padding: 4px 8px; border-radius: 6px; margin-left: 6px; }
main { max-width: 1240px; margin: 0 auto; padding: 8px 32px 40px; }
section { background: #fff; border: 1px solid #d0d7de; border-radius: 10px; padding: 16px 20px; margin: 16px 0; }
h2 { font-size: 17px; margin: 0 0 8px; }
h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #57606a; margin: 14px 0 8px; }
.note { color: #57606a; font-size: 13px; margin: 4px 0 8px; }
.headline { font-size: 15px; margin: 4px 0 10px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(145px, 1fr)); gap: 10px; }
.card { border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 12px; }
.tier:first-of-type .card { border-left: 4px solid #1f6feb; }
.card .label { font-size: 12px; color: #57606a; }
.card .value { font-size: 24px; font-weight: 600; margin-top: 2px; }
.card .change { font-size: 12px; margin-top: 2px; }
.better { color: #1a7f37; } .worse { color: #cf222e; } .flat { color: #57606a; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
@media (max-width: 900px) { .grid2 { grid-template-columns: 1fr; } }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #eaeef2; white-space: nowrap; }
th { color: #57606a; font-weight: 600; }
tr.this-week td, tr.open td { background: #fff8e5; }
.empty { color: #57606a; font-style: italic; }
footer { color: #57606a; font-size: 12px; max-width: 1240px; margin: 0 auto; padding: 0 32px 32px; }
</style>
<script>__PLOTLY__</script>
</head>
<body>
<header>
  <div>
    <h1>AI support weekly report - week of __WEEK__</h1>
    <div class="sub">The latest complete week. __PROVISIONAL__</div>
  </div>
  <label>Intent <select id="intent-filter">__OPTIONS__</select></label>
</header>
<main>
<section id="hierarchy"><h2>Metric hierarchy</h2>__HIERARCHY__</section>
<section id="value-leak"><h2>Where value leaks</h2>
  <p class="note">Intents by tickets the AI did not truly resolve (volume x unresolved share). Pick one in the
  filter to see its trends.</p>__CHART_VALUE_LEAK__
  <h3>Intents in the week of __WEEK__</h3>__INTENTS__</section>
<section id="trends"><h2>Trends</h2>
  <p class="note">Open markers and the shaded band are provisional weeks: their re-contact windows are still open,
  so their resolution figures will still fall.</p>
  __CHART_RESOLUTION__
  <div class="grid2">__CHART_OUTCOMES____CHART_CONFIDENCE__</div></section>
<section id="alerts"><h2>Alerts</h2>
  <p class="note">The figures that raised each alert in the last weeks (highlighted: this week).</p>__ALERTS__</section>
__NOVEL__
<section id="knowledge-gaps"><h2>Knowledge gaps</h2>
  <p class="note">Intents whose true AI resolution stays low; highlighted: gaps still open, with how long.</p>
  __GAPS__</section>
<section id="handoffs"><h2>Handoffs</h2>
  <div class="grid2">__CHART_REASONS____CHART_HANDOFF_TIME__</div></section>
<section id="calibration"><h2>Can the score be trusted?</h2>
  <p class="note">Resolution confidence against what was observed, per tenth of the score; on the diagonal the
  score means what it says.</p>__CHART_CALIBRATION__</section>
</main>
<footer>Every figure comes from the project's semantic layer (MetricFlow metrics over fct_tickets) or its marts;
rates are ratios of ticket counts. No customer or message data is in this file.</footer>
<script>
const FIGURES = __FIGURES__;
const CONFIG = {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"]};
function show(scope) {
  for (const [chartId, byScope] of Object.entries(FIGURES)) {
    const figure = byScope[scope];
    Plotly.react("chart-" + chartId, figure.data, figure.layout, CONFIG);
  }
  document.querySelectorAll(".scope-block").forEach(block => { block.hidden = block.dataset.scope !== scope; });
  document.querySelectorAll("table.filterable tbody tr").forEach(row => {
    row.hidden = scope !== "All intents" && row.dataset.intent !== scope;
  });
}
document.getElementById("intent-filter").addEventListener("change", event => show(event.target.value));
show(document.getElementById("intent-filter").value);
</script>
</body>
</html>
"""

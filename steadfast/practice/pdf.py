"""The pre-session summary (a couple's or one client's) as a PDF (fpdf2), with the
measures' charts as PNG images.

Drawn from the same `summary.Summary` as the page. Text is set in matplotlib's bundled
DejaVu Sans, so names in any script print; charts are drawn by the assessments app's
helpers onto an Agg canvas in memory: nothing touches the disk.
"""

import io
from pathlib import Path

from steadfast.assessments import charts as measure_charts
from steadfast.assessments import interpretation

from .dashboard import change_words
from .summary import percent_words


def _font_path():
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def chart_png(chart):
    """A measure chart (assessments.series.Chart) as PNG bytes."""
    figure_class, _, dates = measure_charts.matplotlib_classes()
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = figure_class(figsize=(measure_charts.WIDTH_IN, measure_charts.HEIGHT_IN))
    FigureCanvasAgg(figure)
    measure_charts.draw(figure.add_subplot(), chart, dates)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    buffer.seek(0)
    return buffer


def _date(when):
    from django.utils import timezone

    return timezone.localtime(when).strftime("%-d %b %Y") if hasattr(when, "tzinfo") else str(when)


def render(summary):
    """The summary as PDF bytes."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(_font_path()))
    pdf.set_title(f"Pre-session summary: {summary.names}")
    pdf.set_creator("Steadfast")
    pdf.add_page()
    width = pdf.epw

    def heading(text, size=13):
        pdf.ln(2)
        pdf.set_font("DejaVu", size=size)
        pdf.multi_cell(width, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=10)

    def line(text):
        pdf.multi_cell(width, 5.5, text, new_x="LMARGIN", new_y="NEXT")

    heading(f"Pre-session summary: {summary.names}", size=16)
    line(f"What {summary.whose} shared with you, {summary.since_words}.")
    covers = summary.covers

    def not_shared(part, category):
        """For a couple where one partner did not grant this category."""
        if not part.grant.covers(category):
            line(f"{part.name}: not shared with you.")
            return True
        return False

    if covers["measures"]:
        heading("Questionnaires")
        if not summary.measures:
            line("No questionnaire results shared with you.")
        for measure in summary.measures:
            heading(measure.instrument.short_name, size=11)
            for part, cell in zip(summary.parts, measure.cells, strict=True):
                if cell is None:
                    line(f"{part.name}: no result shared.")
                    continue
                band = interpretation.band_words(measure.instrument, cell.band) or cell.band
                line(
                    f"{part.name}: {interpretation.format_score(cell.score)} on "
                    f"{_date(cell.latest.completed_at)}" + (f" ({band})" if band else "") + ". "
                    f"Since the last session: {change_words(cell.since_session)}. "
                    f"Since the first result: {change_words(cell.since_intake)}."
                    + (f" {cell.crossing}." if cell.crossing else "")
                )
            if measure.chart.has_points:
                pdf.image(chart_png(measure.chart), w=min(width, 150))
                line(f"The chart shows the last {measure.chart_days} days.")

    if covers["commitments"]:
        heading("Promises")
        for part in summary.parts:
            if not_shared(part, "commitments"):
                continue
            if not part.promises:
                line(f"{part.name}: no promises shared with you.")
            for commitment, found in part.promises:
                words = f"{part.name}: “{commitment.text}”. Own marks: {found['owner_words']}."
                if summary.shows_gap:  # the partner's acknowledgements: couples only
                    words += (
                        f" As the partner noticed: {found['partner_words']}."
                        f" Perception gap: {percent_words(found['gap'])}."
                    )
                line(words)

    if covers["checkins"]:
        heading("Daily check-ins")
        for part in summary.parts:
            if not_shared(part, "checkins"):
                continue
            if part.checkins_recent is None:
                line(f"{part.name}: no check-ins shared with you in this period.")
                continue
            recent = ", ".join(f"{k} {v}" for k, v in part.checkins_recent.items())
            before = (
                ", ".join(f"{k} {v}" for k, v in part.checkins_before.items())
                if part.checkins_before
                else "none shared"
            )
            days = part.checkin_days
            line(f"{part.name}: {days} days, averages {recent}; the period before: {before}.")

    if covers["conversations"]:
        heading("Conversations held")
        for conversation in summary.conversations:
            line(f"{_date(conversation.created_at)} ({conversation.get_status_display().lower()})")
        if not summary.conversations:
            line("None in this period.")

    if covers["journal"]:
        heading("Shared with you for the session")
        for part in summary.parts:
            if not_shared(part, "journal"):
                continue
            if part.shared:
                items = "; ".join(f"{what} ({_date(when)})" for what, when in part.shared)
                line(f"{part.name}: {items}")
            else:
                line(f"{part.name}: nothing new.")
    return bytes(pdf.output())

"""A report's chart on screen, drawn by Qt Graphs (QML, in a QQuickWidget).

Qt Graphs ships with PySide6, renders through Qt Quick's software path where
there is no GPU (the offscreen platform of the tests and the screenshots), and
draws its labels in the application's font, so Chinese shows with the shipped
font. The chart's QML is written from the `Chart` each time it is shown: the
number of series and categories decides its shape. The legend is a row of Qt
labels under the plot, in the same colours.
"""

from __future__ import annotations

import json
import math

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtQml import QQmlComponent
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desk.reporting.model import Chart, ChartKind

# Distinct on white and in grey print: blue, orange, green, red, purple, brown.
COLOURS = ("#2f80ed", "#f2994a", "#27ae60", "#eb5757", "#9b51e0", "#8d6e63")
PLOT_HEIGHT = 240
_AXIS_ROOM = 80  # the value axis's labels and the plot's margins, in pixels


def nice_top(largest: float, whole: bool = True) -> tuple[float, float]:
    """The value axis's top and tick step: a step of 1, 2 or 5 times a power of
    ten, about five ticks. A `whole` axis (counts, yuan) steps by at least 1 so
    no two ticks carry the same label; an empty one is 0..5."""
    if largest <= 0:
        return (5.0, 1.0) if whole else (1.0, 0.2)
    raw = largest / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if whole:
        step = max(step, 1.0)
    return math.ceil(largest / step - 1e-9) * step, step


def value_axis(chart: Chart) -> tuple[float, float, int]:
    """Top, step and label decimals of a chart's value axis. Percent charts are
    scaled to their values (1.5–4.6% gets 0–5%), 100% is only the cap."""
    scale = 100.0 if chart.percent else 1.0
    largest = max((v * scale for s in chart.series for v in s.values if v is not None),
                  default=0.0)
    if not chart.percent:
        top, step = nice_top(largest)
        return top, step, 0
    if largest <= 0:
        return 100.0, 20.0, 0
    top, step = nice_top(largest, whole=False)
    if largest <= 100:  # a share never passes 100%; a rate of target may
        top = min(top, 100.0)
    return top, step, max(0, -math.floor(math.log10(step) + 1e-9))


def _js(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _label(text: str, visible: str) -> str:
    return (f"Item {{ property string text; implicitWidth: t.implicitWidth; "
            f"implicitHeight: t.implicitHeight; Text {{ id: t; anchors.centerIn: parent; "
            f"color: '#444444'; font.family: root.family; font.pixelSize: 12; "
            f"visible: {visible}; text: {text} }} }}")


def _marker(colour: str) -> str:
    return (f"Rectangle {{ width: 7; height: 7; radius: 3.5; color: '{colour}'; "
            f"border.width: 0 }}")


def chart_qml(chart: Chart, family: str) -> str:
    """The QML of one chart. Percent charts plot percents and label ticks with %."""
    scale = 100.0 if chart.percent else 1.0
    values = [[None if v is None else v * scale for v in s.values] for s in chart.series]
    top, step, decimals = value_axis(chart)
    # Qt Graphs sets a delegate's `text`; the Text inside shows it our way.
    y_label = _label(f"Number(parent.text).toLocaleString(Qt.locale('en_US'), 'f', {decimals})"
                     + (" + '%'" if chart.percent else ""), "true")
    # A line's markers on the top value would be cut in half by the plot's edge:
    # a little room above the last tick (which keeps its label).
    room = step / 5 if chart.kind == ChartKind.LINE else 0.0
    y_axis = (f"ValueAxis {{ min: 0; max: {top + room}; tickInterval: {step}; "
              f"labelDecimals: {decimals}; subTickCount: 0; "
              f"labelDelegate: Component {{ {y_label} }} }}")
    # One category axis for bars and lines: every category has its label, under
    # its slot; labels that would overlap are left out (every `every`-th shows).
    x_label = _label("parent.text", "root.cats.indexOf(parent.text) % root.every === 0")
    x_axis = (f"BarCategoryAxis {{ categories: root.cats; gridVisible: false; "
              f"labelDelegate: Component {{ {x_label} }} }}")
    if chart.kind == ChartKind.BAR:
        sets = "\n".join(
            f"BarSet {{ label: {_js(s.name)}; color: '{COLOURS[i % len(COLOURS)]}'; "
            f"borderWidth: 0; values: {_js([v or 0.0 for v in values[i]])} }}"
            for i, s in enumerate(chart.series))
        series = f"BarSeries {{ barWidth: 0.7\n{sets}\n}}"
    else:
        # The category axis spans 0..n with category i in the slot i..i+1: a
        # point sits in its slot's middle. Every value gets a marker, so a lone
        # value between gaps (no line to draw) still shows.
        series = "\n".join(
            f"LineSeries {{ name: {_js(s.name)}; color: '{COLOURS[i % len(COLOURS)]}'; "
            f"width: 2; pointDelegate: Component {{ {_marker(COLOURS[i % len(COLOURS)])} }}\n"
            + "\n".join(f"XYPoint {{ x: {x + 0.5}; y: {y} }}"
                         for x, y in enumerate(values[i]) if y is not None) + "\n}"
            for i, s in enumerate(chart.series))
    return f"""
import QtQuick
import QtGraphs
Rectangle {{
    id: root
    color: "white"
    property var cats: {_js(list(chart.categories))}
    property int every: 1
    property string family: {_js(family)}
    GraphsView {{
        id: view
        anchors.fill: parent
        marginLeft: 4; marginRight: 12; marginTop: 12; marginBottom: 4
        theme: GraphsTheme {{
            colorScheme: GraphsTheme.ColorScheme.Light
            backgroundVisible: false
            plotAreaBackgroundColor: "white"
            grid.mainColor: "#e0e0e0"
            axisX.mainColor: "#999999"
            axisY.mainColor: "#999999"
            labelFont.family: root.family
        }}
        axisX: {x_axis}
        axisY: {y_axis}
        {series}
    }}
}}
"""


class ChartView(QWidget):
    """One chart: its title, the plot and the legend. `chart` is what it shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.heading = QLabel()
        self.heading.setObjectName("chartTitle")
        layout.addWidget(self.heading)
        self.plot = QQuickWidget()
        self.plot.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        self.plot.setMinimumHeight(PLOT_HEIGHT)
        self.plot.setClearColor("white")
        layout.addWidget(self.plot)
        self.legend = QHBoxLayout()
        self.legend.setSpacing(16)
        layout.addLayout(self.legend)
        self._component: QQmlComponent | None = None

    def show_chart(self, chart: Chart) -> None:
        self.chart = chart
        self.heading.setText(chart.title)
        component = QQmlComponent(self.plot.engine())
        component.setData(chart_qml(chart, self.font().family()).encode(), QUrl())
        item = component.create()
        if item is None:  # a QML error is a bug of this module: say what it was
            raise RuntimeError("; ".join(e.toString() for e in component.errors()))
        self.plot.setContent(QUrl(), component, item)
        self._component = component
        self._fill_legend(chart)
        self._thin_labels()

    def _fill_legend(self, chart: Chart) -> None:
        while self.legend.count():
            old = self.legend.takeAt(0)
            widget = old.widget() if old is not None else None
            if widget is not None:
                widget.deleteLater()
        for i, s in enumerate(chart.series):
            key = QLabel(f"<span style='color:{COLOURS[i % len(COLOURS)]}'>■</span> {s.name}")
            self.legend.addWidget(key)
        self.legend.addStretch()

    def series_names(self) -> list[str]:
        """The series the plot draws, as Qt Graphs holds them (for tests)."""
        root = self.plot.rootObject()
        if root is None:
            return []
        names: list[str] = []
        for obj in root.findChildren(QObject):
            name = obj.metaObject().className()
            if name.startswith("QBarSet"):
                names.append(str(obj.property("label")))
            elif name.startswith("QLineSeries"):
                names.append(str(obj.property("name")))
        return names

    def _thin_labels(self) -> None:
        chart, root = self.chart, self.plot.rootObject()
        if chart is None or root is None or not chart.categories:
            return
        fm = QFontMetrics(self.font())
        label = max(fm.horizontalAdvance(c) for c in chart.categories) + 12
        room = max(self.plot.width() - _AXIS_ROOM, 1)
        root.setProperty("every", max(1, math.ceil(len(chart.categories) * label / room)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._thin_labels()

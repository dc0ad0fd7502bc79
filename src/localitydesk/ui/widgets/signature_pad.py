"""A box to sign in with a mouse, a finger or a pen; the strokes become a PNG.

Strokes are kept as point lists and drawn onto a white QImage the size of
the widget, so what is saved is exactly what the signer saw. Tablet events
carry pressure, which thickens the line a little as ink would; mouse and
touch draw at a steady width. ``Clear`` starts again.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent, QTabletEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from localitydesk.i18n import _

INK = QColor(20, 30, 80)
# A stroke shorter than this many points is a tap, not a signature.
MIN_POINTS = 3


class SignatureCanvas(QWidget):
    """The drawing surface alone."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumSize(320, 120)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._image = QImage()
        self._drawing = False
        self._last: QPointF | None = None
        self._points = 0
        self._reset_image(self.size())

    def sizeHint(self) -> QSize:
        return QSize(420, 140)

    def is_empty(self) -> bool:
        return self._points < MIN_POINTS

    def clear(self) -> None:
        self._reset_image(self.size())
        self._points = 0
        self.update()
        self.changed.emit()

    def png(self) -> bytes:
        """The signature as PNG bytes, or b"" when nothing was signed."""
        if self.is_empty():
            return b""
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self._image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())

    def image(self) -> QImage:
        return QImage(self._image)

    # -- drawing ---------------------------------------------------------
    def _reset_image(self, size: QSize) -> None:
        image = QImage(max(size.width(), 1), max(size.height(), 1), QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.white)
        self._image = image

    def _stroke_to(self, point: QPointF, width: float) -> None:
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(INK, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        if self._last is None:
            painter.drawPoint(point)
        else:
            painter.drawLine(self._last, point)
        painter.end()
        self._last = point
        self._points += 1
        self.update()

    def _begin(self, point: QPointF, width: float = 2.2) -> None:
        self._drawing = True
        self._last = None
        self._stroke_to(point, width)

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self._last = None
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drawing:
            self._stroke_to(event.position(), 2.2)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._drawing:
            self._stroke_to(event.position(), 2.2)
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        width = 1.2 + 2.5 * max(0.0, min(1.0, event.pressure()))
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position(), width)
        elif kind == QTabletEvent.Type.TabletMove and self._drawing:
            self._stroke_to(event.position(), width)
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()

    def event(self, event) -> bool:
        # Touch arrives as touch events; each finger's position draws like the mouse.
        kind = event.type()
        if kind in (event.Type.TouchBegin, event.Type.TouchUpdate, event.Type.TouchEnd):
            points = event.points()
            if points:
                position = points[0].position()
                if kind == event.Type.TouchBegin:
                    self._begin(position)
                elif kind == event.Type.TouchUpdate and self._drawing:
                    self._stroke_to(position, 2.2)
                else:
                    self._end()
            event.accept()
            return True
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Growing keeps what is drawn; the box never shrinks below its minimum.
        old = self._image
        self._reset_image(event.size())
        painter = QPainter(self._image)
        painter.drawImage(0, 0, old)
        painter.end()
        super().resizeEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawImage(0, 0, self._image)
        painter.setPen(QPen(QColor(170, 170, 170), 1, Qt.PenStyle.DashLine))
        baseline = self.height() - 28
        painter.drawLine(16, baseline, self.width() - 16, baseline)
        painter.drawText(18, baseline - 4, "✗")
        painter.setPen(QColor(120, 120, 120))
        painter.drawRect(0, 0, self.width() - 1, self.height() - 1)
        painter.end()


class SignaturePad(QWidget):
    """The canvas with a caption and a Clear button."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.canvas = SignatureCanvas()
        self.caption = QLabel()
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.canvas.clear)
        self.canvas.changed.connect(self.changed)
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.canvas)
        self.retranslate()

    def retranslate(self) -> None:
        self.caption.setText(_("Sign in the box with a mouse, finger or pen."))
        self.clear_button.setText(_("C&lear"))
        self.canvas.setAccessibleName(_("Signature"))
        self.clear_button.setAccessibleName(_("Clear the signature"))

    def is_empty(self) -> bool:
        return self.canvas.is_empty()

    def png(self) -> bytes:
        return self.canvas.png()

    def clear(self) -> None:
        self.canvas.clear()

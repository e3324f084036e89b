#include "elidedlabel.h"

#include <QEvent>

namespace RestoreDesk {

ElidedLabel::ElidedLabel(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString &text)
{
    m_full = text;
    elide();
}

QSize ElidedLabel::minimumSizeHint() const
{
    return { 0, QLabel::minimumSizeHint().height() };
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    elide();
}

void ElidedLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        elide();
}

void ElidedLabel::elide()
{
    // Cut where the width runs out, in the middle: a left-aligned label cut at its right edge
    // hides the resource and the query, the part that says which call this is.
    const int width = contentsRect().width() - 2 * margin() - 2 * qMax(0, indent());
    const QString shown = fontMetrics().elidedText(m_full, Qt::ElideMiddle, qMax(0, width));
    if (shown != text())
        setText(shown);
}

} // namespace RestoreDesk

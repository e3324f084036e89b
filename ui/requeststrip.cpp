#include "requeststrip.h"

#include "elidedlabel.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace RestoreDesk {

namespace {

// Shown decoded so a $filter reads as written.
QString shown(const RequestStrip::Request &r)
{
    return QString::fromLatin1(r.method) + QLatin1Char(' ') + QUrl::fromPercentEncoding(r.url.toEncoded());
}

constexpr int kTooltipLines = 24;

} // namespace

RequestStrip::RequestStrip(QWidget *parent)
    : QWidget(parent)
    , m_label(new ElidedLabel(this))
    , m_note(new QLabel(this))
    , m_copy(new QPushButton(tr("Copy"), this))
{
    setObjectName(QStringLiteral("requestStrip"));
    m_label->setObjectName(QStringLiteral("requestLabel"));
    m_note->setObjectName(QStringLiteral("requestNoteLabel"));
    m_copy->setObjectName(QStringLiteral("copyRequestButton"));
    m_label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // What is shown may be cut ("…"): selecting it would copy the cut text, so Copy is the way to
    // take it, and a screen reader is given the whole request.
    // A long URL must not widen the page: it is cut in the middle, so the method, host and scope
    // and the resource with its query all stay in sight (the tooltip and Copy hold it all). The
    // note goes on a line of its own below, wrapped: beside the URL a long note left it no room.
    m_note->setVisible(false);
    m_note->setWordWrap(true);
    m_copy->setToolTip(tr("Copy the request"));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto line = new QHBoxLayout;
    auto caption = new QLabel(tr("Request:"), this);
    line->addWidget(caption);
    line->addWidget(m_label, 1);
    line->addWidget(m_copy);
    layout->addLayout(line);
    layout->addWidget(m_note);
    connect(m_copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(text()); });
    setVisible(false);
}

void RequestStrip::setRequest(const QByteArray &method, const QUrl &url)
{
    setRequests({ Request { method, url } });
}

void RequestStrip::setRequests(const QList<Request> &requests, const QString &note)
{
    m_requests.clear();
    QStringList tip;
    for (const Request &r : requests) {
        if (!r.url.isValid())
            continue;
        m_requests << r;
        if (tip.size() < kTooltipLines)
            tip << shown(r);
    }
    const qsizetype count = m_requests.size();
    if (count > kTooltipLines)
        tip << tr("… and %1 more (Copy takes them all)").arg(count - kTooltipLines);
    m_label->setFullText(tip.value(0));
    m_label->setAccessibleName(tip.value(0));
    m_label->setToolTip(count > 1 ? tr("The REST requests behind this view (no token in them):\n%1")
                                        .arg(tip.join(QLatin1Char('\n')))
                                  : m_label->fullText());
    m_note->setText(count > 1 ? note : QString());
    m_note->setToolTip(m_label->toolTip());
    m_note->setVisible(!m_note->text().isEmpty());
    m_copy->setText(count > 1 ? tr("Copy all %1").arg(count) : tr("Copy"));
    m_copy->setToolTip(count > 1 ? tr("Copy every request, one per line") : tr("Copy the request"));
    setVisible(count > 0);
}

void RequestStrip::clear()
{
    setRequests({});
}

QStringList RequestStrip::lines() const
{
    QStringList out;
    out.reserve(m_requests.size());
    for (const Request &r : m_requests)
        out << QString::fromLatin1(r.method) + QLatin1Char(' ') + QString::fromLatin1(r.url.toEncoded());
    return out;
}

QString RequestStrip::text() const
{
    return lines().join(QLatin1Char('\n'));
}

QString RequestStrip::note() const
{
    return m_note->text();
}

} // namespace RestoreDesk

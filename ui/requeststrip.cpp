#include "requeststrip.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace RestoreDesk {

RequestStrip::RequestStrip(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_copy(new QPushButton(tr("Copy"), this))
{
    setObjectName(QStringLiteral("requestStrip"));
    m_label->setObjectName(QStringLiteral("requestLabel"));
    m_copy->setObjectName(QStringLiteral("copyRequestButton"));
    m_label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long URL must not widen the page: it is cut at the edge (the tooltip and Copy hold it all).
    m_label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_label->setToolTip(tr("The REST request behind this view (no token in it)"));
    m_copy->setToolTip(tr("Copy the request"));
    auto layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto caption = new QLabel(tr("Request:"), this);
    layout->addWidget(caption);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_copy);
    connect(m_copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(text()); });
    setVisible(false);
}

void RequestStrip::setRequest(const QByteArray &method, const QUrl &url)
{
    // Shown decoded so a $filter reads as written; copied exactly as sent.
    m_exact = QString::fromLatin1(method) + QLatin1Char(' ') + QString::fromLatin1(url.toEncoded());
    m_label->setText(QString::fromLatin1(method) + QLatin1Char(' ')
                     + QUrl::fromPercentEncoding(url.toEncoded()));
    m_label->setToolTip(m_label->text());
    setVisible(url.isValid());
}

QString RequestStrip::text() const
{
    return m_exact;
}

} // namespace RestoreDesk

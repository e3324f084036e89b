#include "restorereviewpage.h"

#include "backup/restoreservice.h"
#include "models/timetext.h"
#include "restorewizard.h"
#include "text/restoretext.h"
#include "text/restorewizardtext.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace RestoreDesk {

RestoreReviewPage::RestoreReviewPage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_preview(new QLabel(this))
    , m_request(new QPlainTextEdit(this))
    , m_copy(new QPushButton(tr("Copy request"), this))
    , m_reason(new QLineEdit(this))
    , m_confirmLabel(new QLabel(this))
    , m_confirm(new QLineEdit(this))
    , m_confirmName(new QLabel(tr("Item name:"), this))
{
    setTitle(tr("Review"));
    setSubTitle(tr("Exactly what this restore does, and where. Nothing has been sent yet."));
    m_preview->setObjectName(QStringLiteral("previewLabel"));
    m_preview->setWordWrap(true);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_request->setObjectName(QStringLiteral("requestTextEdit"));
    m_request->setReadOnly(true);
    m_request->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_request->setMaximumHeight(160);
    m_copy->setObjectName(QStringLiteral("copyRequestButton"));
    m_reason->setObjectName(QStringLiteral("reasonEdit"));
    m_reason->setPlaceholderText(tr("Required: why (ticket number, incident…); recorded in the audit log"));
    m_confirmLabel->setObjectName(QStringLiteral("confirmLabel"));
    m_confirmLabel->setWordWrap(true);
    m_confirm->setObjectName(QStringLiteral("confirmEdit"));
    auto *form = new QFormLayout;
    form->addRow(tr("Reason:"), m_reason);
    form->addRow(m_confirmLabel);
    m_confirmName->setBuddy(m_confirm);
    form->addRow(m_confirmName, m_confirm);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_preview);
    layout->addWidget(new QLabel(tr("The equivalent request (no token in it):"), this));
    layout->addWidget(m_request);
    layout->addWidget(m_copy, 0, Qt::AlignLeft);
    layout->addLayout(form);
    layout->addStretch(1);
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_request->toPlainText()); });
    connect(m_reason, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
    connect(m_confirm, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
}

void RestoreReviewPage::initializePage()
{
    const Backup::RestoreRequest &r = m_wizard->request();
    // The shared preview's sentences; what overwrites stands out.
    const QStringList preview = Text::restorePreview(r);
    QStringList lines;
    lines << QStringLiteral("<p><b>%1</b></p><ul>").arg(preview.value(0).toHtmlEscaped());
    for (const Backup::RestoreEffect &e : r.effects()) {
        const QString text = Text::restoreEffect(e).toHtmlEscaped();
        lines << (e.destructive() ? QStringLiteral("<li><b style=\"color:#b00020\">%1</b></li>").arg(text)
                                  : QStringLiteral("<li>%1</li>").arg(text));
    }
    lines << QStringLiteral("</ul>");
    if (r.overwrites())
        lines
            << QStringLiteral("<p><b style=\"color:#b00020\">%1</b></p>").arg(preview.last().toHtmlEscaped());
    m_preview->setText(lines.join(QString()));

    const auto body = r.body();
    Backup::RestoreService *service = m_wizard->service();
    m_request->setPlainText(
        body && service
            ? service->equivalentRequest(r.restorePath(), body.value())
            : tr("(the request cannot be built: %1)").arg(body ? tr("not signed in") : body.error().code));

    const bool overwrites = r.overwrites();
    m_confirmLabel->setText(
        tr("<b style=\"color:#b00020\">This restore overwrites data.</b> Type the item's name, <b>%1</b>, to "
           "confirm.")
            .arg(r.itemName.toHtmlEscaped()));
    m_confirmLabel->setVisible(overwrites);
    m_confirm->setVisible(overwrites);
    m_confirmName->setVisible(overwrites); // "Item name:" beside no field reads as a missing input
    if (!overwrites)
        m_confirm->clear();
    Q_EMIT completeChanged();
}

QString RestoreReviewPage::reason() const
{
    return m_reason->text().trimmed();
}

QString RestoreReviewPage::previewText() const
{
    return m_preview->text();
}

QString RestoreReviewPage::requestText() const
{
    return m_request->toPlainText();
}

bool RestoreReviewPage::isComplete() const
{
    if (reason().isEmpty())
        return false;
    return !m_wizard->request().overwrites() || m_confirm->text() == m_wizard->request().itemName;
}

} // namespace RestoreDesk

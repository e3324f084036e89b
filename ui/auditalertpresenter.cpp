#include "auditalertpresenter.h"

#include "audit/audittrail.h"
#include "consolepage.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "text/errortext.h"

#include <QLabel>
#include <QStatusBar>

namespace RestoreDesk {

AuditAlertPresenter::AuditAlertPresenter(MainWindow *window, ConsolePage *console, Audit::AuditTrail *trail,
                                         QObject *parent)
    : QObject(parent)
    , m_console(console)
    , m_trail(trail)
    , m_indicator(new QLabel(window))
{
    m_indicator->setObjectName(QStringLiteral("auditAlertLabel"));
    m_indicator->setText(tr("Audit log not writable"));
    m_indicator->setStyleSheet(
        QStringLiteral("QLabel { color: #611a15; background: #fdecea; border: 1px solid #f5c2c0; "
                       "border-radius: 3px; padding: 0 6px; font-weight: bold; }"));
    m_indicator->setVisible(false);
    window->statusBar()->addPermanentWidget(m_indicator);
    connect(trail, &Audit::AuditTrail::writableChanged, this, &AuditAlertPresenter::update);
    connect(trail, &Audit::AuditTrail::failed, this, &AuditAlertPresenter::update);
    update();
}

QString AuditAlertPresenter::alertText(const Error &error)
{
    // What the system said (the file and errno's words) is the clearest "why"; the sentence
    // stands in when there is no detail.
    QString why = error.detail.isEmpty() ? Text::headline(error) : error.detail;
    while (why.endsWith(QLatin1Char('.')))
        why.chop(1);
    return tr("Audit log not writable: %1. Browsing goes on; restores and cancels are refused until it "
              "is fixed.")
        .arg(why);
}

void AuditAlertPresenter::update()
{
    const std::optional<Error> error = m_trail->lastError();
    MessageBanner *banner = m_console->alertBanner();
    m_indicator->setVisible(error.has_value());
    if (!error) {
        m_indicator->setToolTip(QString());
        banner->clear();
        return;
    }
    const QString text = alertText(*error);
    m_indicator->setToolTip(text);
    banner->showMessage(MessageBanner::Level::Error, text);
    // Queued: the check rebuilds this banner, button included, which must not die in its own click.
    banner->addAction(tr("Check again"), QStringLiteral("auditCheckButton"), [this] {
        QMetaObject::invokeMethod(
            this, [this] { m_trail->check(); }, Qt::QueuedConnection);
    });
}

} // namespace RestoreDesk

#include "messagebanner.h"

#include "core/redact.h"
#include "text/errortext.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace RestoreDesk {

namespace {

QString styleFor(MessageBanner::Level level)
{
    switch (level) {
    case MessageBanner::Level::Info:
        return QStringLiteral("RestoreDesk--MessageBanner { background: #e8f1fb; border: 1px solid #b9d3f0; "
                              "border-radius: 4px; }"
                              " RestoreDesk--MessageBanner QLabel { color: #123a63; }");
    case MessageBanner::Level::Success:
        return QStringLiteral("RestoreDesk--MessageBanner { background: #e7f5ea; border: 1px solid #b5dcbd; "
                              "border-radius: 4px; }"
                              " RestoreDesk--MessageBanner QLabel { color: #1e4620; }");
    case MessageBanner::Level::Warning:
        return QStringLiteral("RestoreDesk--MessageBanner { background: #fff4e5; border: 1px solid #f0c68a; "
                              "border-radius: 4px; }"
                              " RestoreDesk--MessageBanner QLabel { color: #663c00; }");
    case MessageBanner::Level::Error:
        break;
    }
    return QStringLiteral(
        "RestoreDesk--MessageBanner { background: #fdecea; border: 1px solid #f5c2c0; border-radius: 4px; }"
        " RestoreDesk--MessageBanner QLabel { color: #611a15; }");
}

} // namespace

MessageBanner::MessageBanner(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_actions(new QHBoxLayout)
{
    setObjectName(QStringLiteral("messageBanner"));
    m_text->setObjectName(QStringLiteral("bannerLabel"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(m_text, 1);
    layout->addLayout(m_actions);
    setAccessibleName(tr("Message"));
    setVisible(false);
}

void MessageBanner::clearActions()
{
    // A button may be the one whose click is being handled (Retry clears the banner before it
    // loads again): it goes once that click has returned, never under it. Until then it is out of
    // sight, out of reach (a second quick click does nothing) and unnamed (findChild finds the
    // banner's current buttons only).
    while (QLayoutItem *item = m_actions->takeAt(0)) {
        if (QWidget *button = item->widget()) {
            button->hide();
            button->setEnabled(false);
            button->setObjectName(QString());
            button->deleteLater();
        }
        delete item;
    }
}

void MessageBanner::showMessage(Level level, const QString &text)
{
    clearActions();
    m_level = level;
    setStyleSheet(styleFor(level));
    // What a peer said can carry a token (an echoed URL, a form body): the same redaction as logs.
    m_text->setText(redactSecrets(text));
    setVisible(!text.isEmpty());
}

void MessageBanner::showError(const Error &error, std::function<void()> retry, const QString &sentence)
{
    QString text = sentence.isEmpty() ? Text::headline(error) : sentence;
    QStringList extra;
    if (!error.detail.isEmpty())
        extra << error.detail;
    const QString ids = Text::diagnostics(error);
    if (!ids.isEmpty())
        extra << ids;
    if (!error.code.isEmpty())
        extra << tr("code %1").arg(error.code);
    if (!extra.isEmpty())
        text += QLatin1Char('\n') + extra.join(QStringLiteral(" · "));
    showMessage(error.kind == Error::Kind::Cancelled ? Level::Info : Level::Error, text);
    if (retry)
        addAction(tr("Retry"), QStringLiteral("retryButton"), std::move(retry));
    const QString details = Text::describeRedacted(error);
    addAction(tr("Copy details"), QStringLiteral("copyDetailsButton"),
              [details] { QApplication::clipboard()->setText(details); });
}

QPushButton *MessageBanner::addAction(const QString &text, const QString &objectName,
                                      std::function<void()> onClick)
{
    auto button = new QPushButton(text, this);
    button->setObjectName(objectName);
    connect(button, &QPushButton::clicked, this, [button, onClick = std::move(onClick)] {
        // A click queued before the banner changed belongs to a button no longer shown.
        if (onClick && button->isEnabled())
            onClick();
    });
    m_actions->addWidget(button);
    return button;
}

void MessageBanner::clear()
{
    clearActions();
    m_text->clear();
    setVisible(false);
}

QString MessageBanner::text() const
{
    return m_text->text();
}

} // namespace RestoreDesk

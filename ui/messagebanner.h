#pragma once

#include "core/error.h"

#include <QFrame>

#include <functional>

class QHBoxLayout;
class QLabel;
class QPushButton;

namespace RestoreDesk {

// The console's one inline message strip: information, success, warning or error, with optional
// action buttons (Retry, Copy details…). Every page has one (object name "pageBanner" for the
// page's own), so notices appear where the operator is looking, never in a modal dialog. An
// error shows the sentence, then the service's code, message and correlation id, copyable.
// GUI thread; owned by its page.
class MessageBanner : public QFrame
{
    Q_OBJECT

public:
    enum class Level { Info, Success, Warning, Error };

    explicit MessageBanner(QWidget *parent = nullptr);

    void showMessage(Level level, const QString &text);
    // The error's sentence with its diagnostics (code, HTTP status, correlation id) and a
    // "Copy details" button; `retry` adds a Retry button when given.
    // `sentence`, when given, replaces the catalogue's headline (a view that knows more, such as
    // which action a 403 lacks); the diagnostics follow it all the same.
    void showError(const Error &error, std::function<void()> retry = {}, const QString &sentence = {});
    QPushButton *addAction(const QString &text, const QString &objectName, std::function<void()> onClick);
    void clear();

    QString text() const;
    Level level() const { return m_level; }

private:
    void clearActions();

    Level m_level = Level::Info;
    QLabel *m_text;
    QHBoxLayout *m_actions;
};

} // namespace RestoreDesk

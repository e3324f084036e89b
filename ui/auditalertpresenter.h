#pragma once

#include "core/error.h"

#include <QObject>

class QLabel;

namespace RestoreDesk {

namespace Audit {
class AuditTrail;
}
class ConsolePage;
class MainWindow;

// Fail closed, visibly: while the audit log cannot be written, an "Audit log not writable"
// indicator stays in the window's status bar (whatever page shows, signed in or not) and the
// console's alert banner says why and what it means — browsing goes on, restores and cancels are
// refused (the trail's requested() fails) — with "Check again". Both go away when the trail can
// write again. GUI thread; owned by the composition root.
class AuditAlertPresenter : public QObject
{
    Q_OBJECT

public:
    AuditAlertPresenter(MainWindow *window, ConsolePage *console, Audit::AuditTrail *trail,
                        QObject *parent = nullptr);

    QLabel *indicator() const { return m_indicator; }
    // The sentence both places show for `error`.
    static QString alertText(const Error &error);

private:
    void update();

    ConsolePage *m_console;
    Audit::AuditTrail *m_trail;
    QLabel *m_indicator;
};

} // namespace RestoreDesk

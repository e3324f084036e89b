#pragma once

#include "core/error.h"
#include "messagebanner.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QMenu;

namespace Ui {
class MainWindow;
}

namespace RestoreDesk {

// The console's top-level window: page stack in the middle, identity and connection state in the
// status bar. Pages are separate widgets added by the composition root; this class only hosts
// them. Owned by main(); GUI thread.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Status-bar texts: who is signed in (or "Not signed in"), and which back end is in use.
    void setIdentityText(const QString &text);
    void setConnectionText(const QString &text);

    // Pages live in the central stack; the window only hosts them.
    void addPage(QWidget *page);
    void showPage(QWidget *page);
    QWidget *currentPage() const;
    // The "Account" menu, filled by whoever manages the session.
    QMenu *accountMenu() const;

    // A notice for the operator, shown in the banner of the page that is showing (its
    // "pageBanner"), so it is never lost on a hidden page.
    void notify(MessageBanner::Level level, const QString &text);
    void notifyError(const Error &error);
    MessageBanner *currentBanner() const;

    QLabel *identityLabel() const { return m_identityLabel; }
    QLabel *connectionLabel() const { return m_connectionLabel; }

private:
    void showAbout();

    const std::unique_ptr<Ui::MainWindow> m_ui;
    QLabel *m_identityLabel = nullptr;
    QLabel *m_connectionLabel = nullptr;
};

} // namespace RestoreDesk

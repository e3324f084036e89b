#pragma once

#include "models/navigationmodel.h"

#include <QHash>
#include <QWidget>

class QSplitter;
class QStackedWidget;
class QTreeView;

namespace RestoreDesk {

class MessageBanner;
class UnsettledRestoresStrip;

// The console once signed in: the navigation tree (sections; subscription → resource group →
// vault, loaded lazily) beside the content of the selected node. Areas (estate, identity,
// audit…) are separate controllers: they add their nodes, answer the model's fetchRequested(),
// and show their page when one of their nodes is selected (nodeSelected). The splitter, the
// selection, the expanded branches and the column widths of every list (ListPanel) on its pages
// are saved and restored on the next start (a node that appears later, after a lazy load, is
// selected when it does). Two banners over the content: the
// page banner for notices (replaced by the next one), and above the whole console an alert banner
// for a condition that lasts (the audit log cannot be written) which only its owner clears, and
// under it the restores not settled yet (UnsettledRestoresStrip), each until it is.
// Keys: Tab goes from the tree into the page; F6 moves between the tree and the page; Ctrl+F or
// / goes to the page's filter box (FilterBox); F5 asks the page's area to load it again
// (reloadRequested); Enter on a tree node shows its page again (back from a page opened from it).
// GUI thread; owned by MainWindow.
class ConsolePage : public QWidget
{
    Q_OBJECT

public:
    explicit ConsolePage(QWidget *parent = nullptr);
    ~ConsolePage() override;

    Models::NavigationModel *navigation() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    MessageBanner *banner() const { return m_banner; }
    MessageBanner *alertBanner() const { return m_alert; }
    // Under the alert banner: the restores whose outcome is not settled, until they are.
    UnsettledRestoresStrip *unsettledRestores() const { return m_unsettled; }

    // A section of the tree (top level) and a fixed page under it: selecting the node shows it.
    void addSection(const QString &key, const QString &title);
    void addPage(const QString &sectionKey, const QString &key, const QString &title, QWidget *page);

    // A banner of an area's own under the page banner, for notices that stay while they apply
    // (the page banner's next notice would replace them); its owner shows and clears it.
    void addBanner(MessageBanner *banner);
    // Content pages live in the right-hand stack; areas add theirs once.
    void addContent(QWidget *page);
    void showContent(QWidget *page);
    QWidget *currentContent() const;

    void select(const QString &key);
    // The keyboard's find and reload, as Ctrl+F and F5 do them.
    bool focusFilter();
    void requestReload();
    QString selectedKey() const;

    // The splitters (each named one), the tree's expanded nodes and selection (restored as the
    // lazy tree loads), each named table's columns, each named tab widget's current tab, and each
    // named combo box marked with the kKeptChoice property (by its item's data), in QSettings under
    // "console". saveState() writes only once restoreState() has run and while the state is not
    // suspended: a console that never showed the operator's state (quit before signing in), or no
    // longer does (signed out, its branches gone), never writes defaults over the saved state.
    void saveState();
    void restoreState();
    // The signed-in areas are about to go (sign-out): what they show is saved now, and nothing
    // more until resumeState() (the next sign-in).
    void suspendState();
    void resumeState();
    // Whose places these are (the profile and the person signed in): the selection and the
    // expanded branches are kept per owner, so one person's tree never reopens on another's
    // resources. Layout (splitters, columns, tabs, kept choices) is the workstation's, shared.
    // Set it before restoreState() / resumeState(); empty keeps them unscoped.
    void setStateOwner(const QString &owner);
    static constexpr const char *kKeptChoice = "restoreDeskKeptChoice";

Q_SIGNALS:
    void nodeSelected(const QString &key, Models::NavigationModel::Kind kind, const QString &resourceId);
    // F5: the area that shows `page` loads it again.
    void reloadRequested(QWidget *page);

private:
    void fitToCurrentContent();
    void onCurrentChanged();
    void restorePending();
    QString placesGroup() const;
    QString firstPageKey() const; // the first node with a page (else the first node), in tree order
    QString readPlaces(); // this owner's expanded branches (pending) and selection
    void toggleFocus();

    Models::NavigationModel *m_model;
    QSplitter *m_splitter;
    QTreeView *m_tree;
    MessageBanner *m_banner;
    MessageBanner *m_alert;
    UnsettledRestoresStrip *m_unsettled;
    QStackedWidget *m_content;
    QHash<QString, QWidget *> m_pages;
    QString m_pendingSelection;
    QStringList m_pendingExpanded;
    QString m_stateOwner;
    bool m_stateRestored = false; // restoreState() has run: what is shown is the operator's state
    bool m_stateSuspended = false; // signed out: the saved state stays as suspendState() left it
};

} // namespace RestoreDesk

#include "consolepage.h"

#include "filterbox.h"
#include "listpanel.h"
#include "messagebanner.h"
#include "unsettledrestoresstrip.h"

#include <QApplication>
#include <QComboBox>
#include <QCryptographicHash>
#include <QHeaderView>
#include <QLineEdit>
#include <QSet>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include <numeric>
#include <utility>

namespace RestoreDesk {

using Models::NavigationModel;

ConsolePage::ConsolePage(QWidget *parent)
    : QWidget(parent)
    , m_model(new NavigationModel(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_tree(new QTreeView(m_splitter))
    , m_banner(new MessageBanner(this))
    , m_alert(new MessageBanner(this))
    , m_unsettled(new UnsettledRestoresStrip(this))
    , m_content(new QStackedWidget(this))
{
    setObjectName(QStringLiteral("consolePage"));
    m_splitter->setObjectName(QStringLiteral("consoleSplitter"));
    m_tree->setObjectName(QStringLiteral("navigationTree"));
    m_banner->setObjectName(QStringLiteral("pageBanner"));
    m_alert->setObjectName(QStringLiteral("alertBanner"));
    m_content->setObjectName(QStringLiteral("contentStack"));
    // A stack is as wide as its widest page, shown or not: the pages not shown ignore their
    // size hints, so a wide page (the recovery points' timeline and table) does not keep the
    // whole console from being made narrower while another page is shown.
    connect(m_content, &QStackedWidget::currentChanged, this, [this] { fitToCurrentContent(); });
    m_tree->setModel(m_model);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setAccessibleName(tr("Navigation"));
    m_tree->setMinimumWidth(200);

    auto right = new QWidget(m_splitter);
    auto rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_banner);
    rightLayout->addWidget(m_content, 1);
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({ 280, 820 });

    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_alert);
    layout->addWidget(m_unsettled);
    layout->addWidget(m_splitter, 1);

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ConsolePage::onCurrentChanged);
    // Nodes arrive lazily: restore a saved selection and expansion when their keys appear.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ConsolePage::restorePending);
    // Enter (or a double-click) on the current node shows its page again, e.g. back to a vault
    // from the recovery points opened from it.
    connect(m_tree, &QTreeView::activated, this, [this](const QModelIndex &i) {
        if (i == m_tree->currentIndex())
            onCurrentChanged();
    });

    // The console's keys, for whatever has the focus inside it (a line edit keeps its "/").
    const auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence::Find, [this] { focusFilter(); });
    shortcut(QKeySequence(Qt::Key_Slash), [this] { focusFilter(); });
    shortcut(QKeySequence(Qt::Key_F5), [this] { requestReload(); });
    shortcut(QKeySequence(Qt::Key_F6), [this] { toggleFocus(); });
}

ConsolePage::~ConsolePage() = default;

void ConsolePage::addSection(const QString &key, const QString &title)
{
    m_model->add(QString(), { key, NavigationModel::Kind::Section, title, {}, false, {} });
}

void ConsolePage::addPage(const QString &sectionKey, const QString &key, const QString &title, QWidget *page)
{
    m_model->add(sectionKey, { key, NavigationModel::Kind::Page, title, {}, false, {} });
    m_pages.insert(key, page);
    addContent(page);
}

void ConsolePage::addBanner(MessageBanner *banner)
{
    auto *column = static_cast<QVBoxLayout *>(m_banner->parentWidget()->layout());
    column->insertWidget(column->indexOf(m_banner) + 1, banner);
}

void ConsolePage::addContent(QWidget *page)
{
    if (m_content->indexOf(page) < 0)
        m_content->addWidget(page);
    fitToCurrentContent();
}

void ConsolePage::fitToCurrentContent()
{
    for (int i = 0; i < m_content->count(); ++i) {
        QWidget *page = m_content->widget(i);
        const auto policy
            = page == m_content->currentWidget() ? QSizePolicy::Preferred : QSizePolicy::Ignored;
        page->setSizePolicy(policy, policy);
    }
}

void ConsolePage::showContent(QWidget *page)
{
    addContent(page);
    m_content->setCurrentWidget(page);
}

QWidget *ConsolePage::currentContent() const
{
    return m_content->currentWidget();
}

void ConsolePage::select(const QString &key)
{
    const QModelIndex i = m_model->indexOf(key);
    if (!i.isValid()) {
        m_pendingSelection = key;
        return;
    }
    m_pendingSelection.clear();
    for (QModelIndex p = i.parent(); p.isValid(); p = p.parent())
        m_tree->expand(p);
    m_tree->setCurrentIndex(i);
    m_tree->scrollTo(i);
}

bool ConsolePage::focusFilter()
{
    QWidget *page = m_content->currentWidget();
    if (!page)
        return false;
    for (QWidget *w : page->findChildren<QWidget *>()) {
        if (FilterBox::isMarked(w) && w->isVisible() && w->isEnabled()) {
            w->setFocus(Qt::ShortcutFocusReason);
            if (auto edit = qobject_cast<QLineEdit *>(w))
                edit->selectAll(); // typing replaces the old search
            return true;
        }
    }
    return false;
}

void ConsolePage::requestReload()
{
    if (QWidget *page = m_content->currentWidget())
        Q_EMIT reloadRequested(page);
}

void ConsolePage::toggleFocus()
{
    QWidget *focus = QApplication::focusWidget();
    if (focus != m_tree) {
        m_tree->setFocus(Qt::ShortcutFocusReason);
        return;
    }
    // Into the page: its first control that takes Tab focus.
    QWidget *page = m_content->currentWidget();
    if (!page)
        return;
    for (QWidget *w = page->nextInFocusChain(); w && w != page; w = w->nextInFocusChain()) {
        if (page->isAncestorOf(w) && w->isVisible() && w->isEnabled() && (w->focusPolicy() & Qt::TabFocus)) {
            w->setFocus(Qt::TabFocusReason);
            return;
        }
    }
}

QString ConsolePage::selectedKey() const
{
    return m_model->keyOf(m_tree->currentIndex());
}

void ConsolePage::onCurrentChanged()
{
    const QModelIndex i = m_tree->currentIndex();
    if (!i.isValid())
        return;
    if (QWidget *page = m_pages.value(m_model->keyOf(i), nullptr))
        showContent(page);
    Q_EMIT nodeSelected(m_model->keyOf(i), NavigationModel::Kind(i.data(NavigationModel::KindRole).toInt()),
                        i.data(NavigationModel::ResourceIdRole).toString());
}

void ConsolePage::suspendState()
{
    saveState();
    m_stateSuspended = true;
}

void ConsolePage::resumeState()
{
    if (!std::exchange(m_stateSuspended, false) || !m_stateRestored)
        return;
    // Signed in again: the tree reopens where this owner's last sign-out left it, as on a restart
    // (the nodes appear as the lazy tree loads), so a quit before it has does not lose it. What
    // the previous owner still had pending is theirs, not this one's.
    m_pendingSelection.clear();
    const QString selected = readPlaces();
    restorePending();
    if (!selected.isEmpty()) {
        select(selected);
    } else if (const QString first = firstPageKey(); !first.isEmpty()) {
        // Nothing saved for this owner: the first page in the tree (who signed in, as a first
        // sign-in shows), never the page the last person left (emptied at their sign-out).
        select(first);
        onCurrentChanged();
    }
}

void ConsolePage::saveState()
{
    if (!m_stateRestored || m_stateSuspended)
        return;
    QSettings s;
    s.beginGroup(QStringLiteral("console"));
    s.setValue(QStringLiteral("splitter"), m_splitter->saveState());
    // The pages' own splitters (the jobs' table over the job's details...), by object name.
    s.beginGroup(QStringLiteral("splitters"));
    for (const QSplitter *splitter : findChildren<QSplitter *>()) {
        if (splitter == m_splitter || splitter->objectName().isEmpty())
            continue;
        // One never laid out (its page not shown yet) has no sizes of its own: its state, restored,
        // would shrink every part to its minimum instead of the page's default layout.
        const QList<int> sizes = splitter->sizes();
        if (std::accumulate(sizes.cbegin(), sizes.cend(), 0) > 0)
            s.setValue(splitter->objectName(), splitter->saveState());
    }
    s.endGroup();
    // A selection restored but not reached yet (the lazy tree still loading down to it) is the
    // one kept: the node shown meanwhile is only where the tree stands.
    const QString places = placesGroup();
    s.setValue(places + QStringLiteral("selected"),
               m_pendingSelection.isEmpty() ? selectedKey() : m_pendingSelection);
    // Branches still to come as the lazy tree loads (restored, not there yet) stay expanded.
    QStringList expanded = m_pendingExpanded;
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int r = 0; r < m_model->rowCount(parent); ++r) {
            const QModelIndex i = m_model->index(r, 0, parent);
            if (m_tree->isExpanded(i)) {
                expanded << m_model->keyOf(i);
                walk(i);
            }
        }
    };
    walk({});
    s.setValue(places + QStringLiteral("expanded"), expanded);
    // Each list's columns (widths, order, hidden), by its table's object name.
    s.beginGroup(QStringLiteral("columns"));
    QSet<const QTableView *> lists;
    for (const ListPanel *list : findChildren<ListPanel *>()) {
        const QString name = list->table()->objectName();
        lists.insert(list->table());
        // A list never fitted nor sized keeps what was saved: its defaults, restored, would mark
        // it sized and it would never be fitted to its contents again.
        const QByteArray state = list->headerState();
        if (!name.isEmpty() && !state.isEmpty())
            s.setValue(name, state);
    }
    // Tables that are not lists (the recovery points' table), by their object names too.
    for (const QTableView *table : findChildren<QTableView *>()) {
        const QString name = table->objectName();
        if (!name.isEmpty() && !lists.contains(table))
            s.setValue(name, table->horizontalHeader()->saveState());
    }
    s.endGroup();
    // The current tab of each named tab widget (a vault's Overview / Items / Policies / Jobs).
    s.beginGroup(QStringLiteral("tabs"));
    for (const QTabWidget *tabs : findChildren<QTabWidget *>()) {
        if (!tabs->objectName().isEmpty())
            s.setValue(tabs->objectName(), tabs->currentIndex());
    }
    s.endGroup();
    // Choices marked to be kept (the jobs' time window), by the item's data.
    s.beginGroup(QStringLiteral("choices"));
    for (const QComboBox *box : findChildren<QComboBox *>()) {
        if (!box->objectName().isEmpty() && box->property(kKeptChoice).toBool())
            s.setValue(box->objectName(), box->currentData());
    }
    s.endGroup();
    s.endGroup();
}

void ConsolePage::restoreState()
{
    m_stateRestored = true;
    QSettings s;
    s.beginGroup(QStringLiteral("console"));
    m_splitter->restoreState(s.value(QStringLiteral("splitter")).toByteArray());
    s.beginGroup(QStringLiteral("splitters"));
    for (QSplitter *splitter : findChildren<QSplitter *>()) {
        const QString name = splitter->objectName();
        if (splitter != m_splitter && !name.isEmpty() && s.contains(name))
            splitter->restoreState(s.value(name).toByteArray());
    }
    s.endGroup();
    s.beginGroup(QStringLiteral("columns"));
    for (ListPanel *list : findChildren<ListPanel *>()) {
        const QString name = list->table()->objectName();
        if (!name.isEmpty() && s.contains(name))
            list->restoreHeaderState(s.value(name).toByteArray());
    }
    for (QTableView *table : findChildren<QTableView *>()) {
        const QString name = table->objectName();
        if (name.isEmpty() || !s.contains(name))
            continue;
        bool isList = false;
        for (const ListPanel *list : findChildren<ListPanel *>())
            isList = isList || list->table() == table;
        if (!isList)
            table->horizontalHeader()->restoreState(s.value(name).toByteArray());
    }
    s.endGroup();
    s.beginGroup(QStringLiteral("tabs"));
    for (QTabWidget *tabs : findChildren<QTabWidget *>()) {
        const QString name = tabs->objectName();
        if (!name.isEmpty() && s.contains(name)) {
            const int index = s.value(name).toInt();
            if (index >= 0 && index < tabs->count())
                tabs->setCurrentIndex(index);
        }
    }
    s.endGroup();
    s.beginGroup(QStringLiteral("choices"));
    for (QComboBox *box : findChildren<QComboBox *>()) {
        const QString name = box->objectName();
        if (!name.isEmpty() && box->property(kKeptChoice).toBool() && s.contains(name)) {
            const int index = box->findData(s.value(name));
            if (index >= 0)
                box->setCurrentIndex(index);
        }
    }
    s.endGroup();
    s.endGroup();
    const QString selected = readPlaces();
    restorePending();
    if (!selected.isEmpty())
        select(selected);
}

QString ConsolePage::firstPageKey() const
{
    std::function<QString(const QModelIndex &)> walk = [&](const QModelIndex &parent) -> QString {
        for (int r = 0; r < m_model->rowCount(parent); ++r) {
            const QModelIndex i = m_model->index(r, 0, parent);
            const QString key = m_model->keyOf(i);
            if (m_pages.contains(key))
                return key;
            if (QString below = walk(i); !below.isEmpty())
                return below;
        }
        return {};
    };
    const QString page = walk({});
    return page.isEmpty() && m_model->rowCount() > 0 ? m_model->keyOf(m_model->index(0, 0)) : page;
}

void ConsolePage::setStateOwner(const QString &owner)
{
    m_stateOwner = owner;
}

QString ConsolePage::placesGroup() const
{
    if (m_stateOwner.isEmpty())
        return {};
    // A digest names the owner's group: any profile name or subject makes a valid settings key,
    // and the settings file does not spell out who signed in.
    const QByteArray digest = QCryptographicHash::hash(m_stateOwner.toUtf8(), QCryptographicHash::Sha256);
    return QStringLiteral("places/%1/").arg(QString::fromLatin1(digest.left(12).toHex()));
}

QString ConsolePage::readPlaces()
{
    QSettings s;
    s.beginGroup(QStringLiteral("console"));
    const QString places = placesGroup();
    const QString selectedName = places + QStringLiteral("selected");
    const QString expandedName = places + QStringLiteral("expanded");
    // Places saved before they were kept per owner are nobody's: whose they were is not known,
    // and another person (or the sandbox's, signing in first) must not reopen on them.
    m_pendingExpanded = s.value(expandedName).toStringList();
    return s.value(selectedName).toString();
}

void ConsolePage::restorePending()
{
    for (auto it = m_pendingExpanded.begin(); it != m_pendingExpanded.end();) {
        const QModelIndex i = m_model->indexOf(*it);
        if (i.isValid()) {
            m_tree->expand(i);
            it = m_pendingExpanded.erase(it);
        } else {
            ++it;
        }
    }
    if (!m_pendingSelection.isEmpty() && m_model->indexOf(m_pendingSelection).isValid())
        select(m_pendingSelection);
}

} // namespace RestoreDesk

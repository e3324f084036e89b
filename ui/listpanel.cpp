#include "listpanel.h"

#include "backup/backupservice.h"
#include "messagebanner.h"
#include "requeststrip.h"
#include "text/errortext.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace RestoreDesk {

ListPanel::ListPanel(const QString &noun, Backup::Listing listing, QWidget *parent)
    : QWidget(parent)
    , m_noun(noun)
    , m_listing(listing)
    , m_top(new QVBoxLayout)
    , m_banner(new MessageBanner(this))
    , m_status(new QLabel(this))
    , m_table(new QTableView(this))
    , m_request(new RequestStrip(this))
{
    m_banner->setObjectName(QStringLiteral("listBanner"));
    m_status->setObjectName(QStringLiteral("listStatusLabel"));
    m_status->setWordWrap(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    setOneLineRows(m_table);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setTabKeyNavigation(false); // Tab leaves the table; arrows move inside it
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_top);
    layout->addWidget(m_banner);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_request);
}

QString ListPanel::statusText() const
{
    return m_status->text();
}

void ListPanel::setModel(QAbstractItemModel *model)
{
    m_table->setModel(model);
}

void ListPanel::setScope(const QString &scope)
{
    m_scope = scope;
    updateStatus();
}

void ListPanel::beginLoad(const QByteArray &method, const QUrl &url)
{
    m_loading = true;
    m_failed = false;
    m_pages = 0;
    m_items = 0;
    m_unreadable = 0;
    m_banner->clear();
    m_request->setRequest(method, url);
    updateStatus();
}

void ListPanel::pageLoaded(int pages, int itemsSoFar, int unreadable)
{
    if (!m_sized && pages > 0) {
        // Columns fit the first page's content once in the panel's life, and not at all when the
        // operator's widths were restored: a reload never undoes what the operator sized.
        m_sized = true;
        m_table->resizeColumnsToContents();
        for (int c = 0; c < m_table->model()->columnCount(); ++c)
            m_table->setColumnWidth(c, qMin(m_table->columnWidth(c), 320));
    }
    m_pages = pages;
    m_items = itemsSoFar;
    m_unreadable = unreadable;
    updateStatus();
}

void ListPanel::finish(int total, int unreadable)
{
    m_loading = false;
    m_items = total;
    m_unreadable = unreadable;
    updateStatus();
    if (unreadable > 0)
        m_banner->showMessage(
            MessageBanner::Level::Warning,
            tr("%n entry(ies) of this list could not be read; the others are shown.", nullptr, unreadable));
}

void ListPanel::fail(const Error &error, std::function<void()> retry)
{
    m_loading = false;
    m_failed = true;
    updateStatus();
    // A 403 names the missing action; like any error it keeps its code and correlation id.
    m_banner->showError(error, std::move(retry), noAccessSentence(error, m_noun, m_listing));
}

QString ListPanel::noAccessSentence(const Error &error, const QString &what, Backup::Listing listing)
{
    if (!Backup::BackupService::isNoAccess(error))
        return {};
    const QString action = Backup::BackupService::deniedAction(error, listing);
    return action.isEmpty() ? tr("No access: your identity may not read these %1 here.").arg(what)
                            : tr("No access: your identity may not read these %1 here; reading them needs "
                                 "the action %2. A Backup "
                                 "Reader role (or any role granting it) at this scope gives it.")
                                  .arg(what, action);
}

QByteArray ListPanel::headerState() const
{
    if (!m_sized)
        return {};
    return m_table->horizontalHeader()->saveState();
}

void ListPanel::restoreHeaderState(const QByteArray &state)
{
    if (!state.isEmpty() && m_table->horizontalHeader()->restoreState(state))
        m_sized = true;
}

void ListPanel::updateStatus()
{
    QString text;
    if (m_loading)
        text = m_pages == 0 ? tr("Loading %1…").arg(m_noun)
                            : tr("Loading %1… page %2 · %3 so far").arg(m_noun).arg(m_pages + 1).arg(m_items);
    else if (m_failed)
        text = m_items > 0 ? tr("Stopped after %1 %2; the rest could not be loaded.").arg(m_items).arg(m_noun)
                           : QString();
    else
        text = tr("All %1 %2.").arg(m_items).arg(m_noun);
    if (!m_scope.isEmpty())
        text = m_scope + (text.isEmpty() ? QString() : QStringLiteral(" · ") + text);
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void ListPanel::setOneLineRows(QTableView *table)
{
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
}

} // namespace RestoreDesk

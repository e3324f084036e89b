#include "models/jobmodel.h"

#include "models/timetext.h"

#include <QBrush>
#include <QColor>
#include <QJsonDocument>

namespace RestoreDesk::Models {

using Backup::Job;

JobModel::JobModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void JobModel::append(const QList<Job> &jobs)
{
    QList<Job> fresh;
    QHash<QString, qsizetype> inPage; // lower-case name -> where in `fresh` (the later copy wins)
    for (const Job &j : jobs) {
        const QString key = j.name.toLower();
        const auto known = m_rowById.constFind(key);
        if (known != m_rowById.cend()) {
            m_jobs[known.value()] = j;
            Q_EMIT dataChanged(index(known.value(), 0), index(known.value(), ColumnCount - 1));
        } else if (const auto seen = inPage.constFind(key); seen != inPage.cend()) {
            fresh[seen.value()] = j;
        } else {
            inPage.insert(key, fresh.size());
            fresh << j;
        }
    }
    if (fresh.isEmpty())
        return;
    const int first = int(m_jobs.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (const Job &j : std::as_const(fresh)) {
        m_rowById.insert(j.name.toLower(), int(m_jobs.size()));
        m_jobs << j;
    }
    endInsertRows();
}

bool JobModel::update(const Job &job)
{
    const auto known = m_rowById.constFind(job.name.toLower());
    if (known == m_rowById.cend())
        return false;
    m_jobs[known.value()] = job;
    Q_EMIT dataChanged(index(known.value(), 0), index(known.value(), ColumnCount - 1));
    return true;
}

void JobModel::clear()
{
    beginResetModel();
    m_jobs.clear();
    m_rowById.clear();
    endResetModel();
}

const Job *JobModel::job(int row) const
{
    return row >= 0 && row < m_jobs.size() ? &m_jobs.at(row) : nullptr;
}

int JobModel::rowOf(const QString &jobId) const
{
    return m_rowById.value(jobId.section(QLatin1Char('/'), -1).toLower(), -1);
}

int JobModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_jobs.size());
}

int JobModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString JobModel::statusText(Job::Status status)
{
    switch (status) {
    case Job::Status::InProgress:
        return tr("In progress");
    case Job::Status::Completed:
        return tr("Completed");
    case Job::Status::CompletedWithWarnings:
        return tr("Completed with warnings");
    case Job::Status::Failed:
        return tr("Failed");
    case Job::Status::Cancelling:
        return tr("Cancelling");
    case Job::Status::Cancelled:
        return tr("Cancelled");
    case Job::Status::Invalid:
        return tr("Invalid");
    case Job::Status::Unknown:
        break;
    }
    return tr("Unknown");
}

QString JobModel::durationText(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

QVariant JobModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Job &j = m_jobs.at(index.row());
    const int column = index.column();
    const bool warned = j.status == Job::Status::CompletedWithWarnings || !j.warnings.isEmpty();
    const bool failed = j.status == Job::Status::Failed || !j.errors.isEmpty();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case OperationColumn:
            return j.operation;
        case ItemColumn:
            return j.entityFriendlyName;
        case StatusColumn:
            if (j.status == Job::Status::Unknown && !j.statusText.isEmpty())
                return j.statusText;
            // The word agrees with the bucket the filters put it in (StatusRole).
            return statusText(Job::Status(data(index, StatusRole).toInt()));
        case StartColumn:
            return localTimeText(j.startTime); // as the other lists' times; empty when not known
        case DurationColumn: {
            const auto ms = j.elapsedMs(m_clock());
            return ms ? durationText(*ms) : QString();
        }
        case ProgressColumn:
            if (!j.isRunning())
                return QString();
            if (j.percent)
                return j.currentTask.isEmpty() ? tr("%1 %").arg(int(*j.percent))
                                               : tr("%1 % · %2").arg(int(*j.percent)).arg(j.currentTask);
            return j.currentTask;
        case ProblemsColumn: {
            QStringList parts;
            const int e = int(j.errors.size());
            const int w = int(j.warnings.size());
            if (e > 0)
                parts << (e == 1 ? tr("1 error") : tr("%1 errors").arg(e));
            if (w > 0)
                parts << (w == 1 ? tr("1 warning") : tr("%1 warnings").arg(w));
            // A list entry may carry the status without its details (they come with the job's GET).
            if (parts.isEmpty() && j.status == Job::Status::Failed)
                parts << tr("failed: select for details");
            if (parts.isEmpty() && j.status == Job::Status::CompletedWithWarnings)
                parts << tr("warnings: select for details");
            return parts.join(QStringLiteral(", "));
        }
        default:
            return {};
        }
    case Qt::ToolTipRole: {
        QStringList lines;
        for (const Job::Problem &p : j.errors)
            lines << tr("Error %1: %2").arg(p.code, p.message);
        for (const Job::Problem &p : j.warnings)
            lines << tr("Warning %1: %2").arg(p.code, p.message);
        return lines.isEmpty() ? j.id : lines.join(QLatin1Char('\n'));
    }
    case Qt::ForegroundRole:
        // Warnings as loud as failures: a completed-with-warnings job is never shown as plain success.
        if (column == StatusColumn || column == ProblemsColumn) {
            if (failed)
                return QBrush(QColor(0xb0, 0x1c, 0x1c));
            if (warned)
                return QBrush(QColor(0x9a, 0x5b, 0x00));
            if (j.status == Job::Status::Completed)
                return QBrush(QColor(0x1e, 0x6b, 0x2a));
        }
        return {};
    case IdRole:
        return j.id;
    case StatusRole:
        // The bucket the filters (and the overview's chart) put it in: "Completed" with warnings
        // in its details is no clean success, so it counts with those completed with warnings.
        if (j.status == Job::Status::Completed && !j.succeededCleanly())
            return int(Job::Status::CompletedWithWarnings);
        return int(j.status);
    case SortRole:
        if (column == StartColumn)
            return j.startTime;
        if (column == DurationColumn)
            return j.elapsedMs(m_clock()).value_or(-1);
        if (column == ProgressColumn)
            return j.percent.value_or(-1);
        return data(index, Qt::DisplayRole).toString().toLower();
    case RawJsonRole:
        return QString::fromUtf8(QJsonDocument(j.raw).toJson(QJsonDocument::Indented));
    case SearchTextRole:
        return QStringList { j.operation, j.entityFriendlyName, j.statusText, j.id }.join(QLatin1Char('\n'));
    default:
        return {};
    }
}

QVariant JobModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case OperationColumn:
        return tr("Operation");
    case ItemColumn:
        return tr("Item");
    case StatusColumn:
        return tr("Status");
    case StartColumn:
        return tr("Started");
    case DurationColumn:
        return tr("Duration");
    case ProgressColumn:
        return tr("Progress");
    case ProblemsColumn:
        return tr("Problems");
    default:
        return {};
    }
}

} // namespace RestoreDesk::Models

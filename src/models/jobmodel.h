#pragma once

#include "backup/job.h"
#include "core/clock.h"

#include <QAbstractTableModel>
#include <QHash>

namespace RestoreDesk::Models {

// Backup and restore jobs for the jobs table: operation, item, status, start, duration, and for
// running jobs the percent and current task. Warnings are as loud as failures (both coloured,
// both counted in the problems column). Pages append; a job seen again (a refresh) updates its
// row in place. GUI thread; owned by its panel.
class JobModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        OperationColumn,
        ItemColumn,
        StatusColumn,
        StartColumn,
        DurationColumn,
        ProgressColumn,
        ProblemsColumn,
        ColumnCount
    };
    // StatusRole: the job's Job::Status as its outcome reads (a Completed job with warnings is
    // CompletedWithWarnings there).
    enum Role { IdRole = Qt::UserRole + 1, StatusRole, SortRole, RawJsonRole, SearchTextRole };

    explicit JobModel(QObject *parent = nullptr);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    void append(const QList<Backup::Job> &jobs);
    void clear();
    // Replaces a listed job with a newer read of it (details, progress); a job not listed is not
    // added (its list may have moved on). Returns whether a row changed.
    bool update(const Backup::Job &job);
    const Backup::Job *job(int row) const;
    int rowOf(const QString &jobId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString statusText(Backup::Job::Status status);
    static QString durationText(qint64 ms);

private:
    QList<Backup::Job> m_jobs;
    QHash<QString, int> m_rowById;
    Clock m_clock = systemClock();
};

} // namespace RestoreDesk::Models

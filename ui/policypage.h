#pragma once

#include "backup/policy.h"

#include <QWidget>

class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;

namespace RestoreDesk {

class PolicyPicture;
class RequestStrip;

// One backup policy: name, kind, generation (V1/V2), time zone, schedule in words, instant
// restore, archive tiering, protected items, the retention picture, and the policy's raw JSON
// one click away (rawJsonButton: read-only, monospace, copyable), and the GET that reads the
// policy in its request strip (set by the controller). Shows an already-loaded Backup::Policy;
// no network. GUI thread; owned by the vault page that shows it.
class PolicyPage : public QWidget
{
    Q_OBJECT

public:
    explicit PolicyPage(QWidget *parent = nullptr);

    // `now` anchors the picture (which points the rules keep at that moment).
    void setPolicy(const Backup::Policy &policy, const QDateTime &now = QDateTime::currentDateTimeUtc());
    const Backup::Policy &policy() const { return m_policy; }

    PolicyPicture *picture() const { return m_picture; }
    RequestStrip *request() const { return m_request; }
    bool isRawJsonShown() const;
    void showRawJson(bool show);
    QString rawJsonText() const;

    // The schedule in words, one line per sub-policy for workload policies.
    static QStringList scheduleLines(const Backup::Policy &policy);

private:
    QLabel *addRow(const QString &label, const QString &objectName);

    Backup::Policy m_policy;
    QLabel *m_title;
    QFormLayout *m_form;
    QLabel *m_name;
    QLabel *m_kind;
    QLabel *m_generation;
    QLabel *m_timeZone;
    QLabel *m_schedule;
    QLabel *m_instantRestore;
    QLabel *m_tiering;
    QLabel *m_items;
    QStackedWidget *m_stack;
    PolicyPicture *m_picture;
    QPlainTextEdit *m_json;
    QPushButton *m_rawJsonButton;
    QPushButton *m_copyButton;
    RequestStrip *m_request;
};

} // namespace RestoreDesk

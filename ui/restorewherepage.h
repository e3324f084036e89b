#pragma once

#include "backup/restorerequest.h"

#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QWizardPage>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace RestoreDesk {

class RestoreWizard;

// The wizard's "Where" step: the target fields the chosen kind needs (a resource group or
// storage account by name or full id; a group's name resolved in the subscription picked (the
// item's unless the identity sees several and picks another), other names in the target resource
// group), checked as they are typed: first the request's own checks (names, id kinds,
// paths), then, after a short pause, the API's answers about each target (RestoreTargetCheck:
// missing, name taken, wrong region, unknown subnet, cannot tell) and for VMs the service's own
// validation. Each problem is shown under its field; the step is complete when nothing blocks.
// Stale answers are dropped (their owner dies with the next round). GUI thread; owned by the wizard.
class RestoreWherePage : public QWizardPage
{
    Q_OBJECT

public:
    using Field = Backup::RestoreRequest::Field;

    explicit RestoreWherePage(RestoreWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    QLineEdit *edit(Field field) const;
    // The problem shown under a field (empty when none).
    QString problemText(Field field) const;
    QComboBox *subscriptionCombo() const { return m_subscription; }
    // Whether the API's answers for the current values are in.
    bool isChecked() const { return m_checked; }
    // Where the restore writes when this kind has nothing to choose (empty otherwise).
    QString landsText() const;
    // How long typing must pause before the API is asked (ms).
    void setLookupDelay(int ms) { m_timer.setInterval(ms); }

Q_SIGNALS:
    void checked();

private:
    struct Row
    {
        QLineEdit *edit = nullptr;
        QLabel *label = nullptr;
        QLabel *problem = nullptr;
    };
    void addRow(QFormLayout *form, Field field, const QString &objectName, const QString &placeholder);
    QList<Field> fieldsOf(Backup::RestoreRequest::Mode mode) const;
    void apply();
    void showProblems();
    void lookUp();
    void loadSubscriptions();
    void showSubscriptions();

    RestoreWizard *m_wizard;
    QHash<int, Row> m_rows;
    QLabel *m_status;
    QLabel *m_other;
    QLabel *m_lands; // where a restore with nothing to choose writes, in words
    QComboBox *m_subscription; // where a resource group's name is; shown when there are several
    QLabel *m_subscriptionLabel;
    bool m_subscriptionsAsked = false;
    QTimer m_timer;
    QPointer<QObject> m_round; // owns the lookups of the current values
    QList<Backup::RestoreRequest::Problem> m_local;
    QList<Backup::RestoreRequest::Problem> m_remote;
    QStringList m_findings; // the service's validation
    QString m_validateNote; // why it could not run
    bool m_checked = false;
    bool m_filling = false;
};

} // namespace RestoreDesk

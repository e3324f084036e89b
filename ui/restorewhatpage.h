#pragma once

#include <QDateTime>
#include <QHash>
#include <QPointer>
#include <QWizardPage>

class QComboBox;
class QGroupBox;
class QItemSelectionModel;
class QLabel;
class QSpinBox;

namespace RestoreDesk {

class MessageBanner;
class RecoveryPointTimeline;
class RestoreWizard;
namespace Models {
class RecoveryPointModel;
}

// The wizard's "What" step: the protected item (preselected), its recovery points on the same
// timeline as the recovery-points page with the preselected point current, the chosen point's
// tier, and for a point only in the archive tier the rehydration it needs (priority and how long
// the copy is kept) explained before going on. Loads the point's source (item, vault region) and
// the item's points through the wizard's services. GUI thread; owned by the wizard.
class RestoreWhatPage : public QWizardPage
{
    Q_OBJECT

public:
    RestoreWhatPage(RestoreWizard *wizard, const QString &pointId);
    ~RestoreWhatPage() override;

    bool isComplete() const override;
    RecoveryPointTimeline *timeline() const { return m_timeline; }
    Models::RecoveryPointModel *model() const { return m_model; }

private:
    void loadSource(const QString &pointId);
    void loadPoints();
    void pointChosen(int row);
    void showPoint();

    RestoreWizard *m_wizard;
    QString m_pointId;
    Models::RecoveryPointModel *m_model;
    QItemSelectionModel *m_selection;
    MessageBanner *m_banner;
    QLabel *m_item;
    RecoveryPointTimeline *m_timeline;
    QLabel *m_point;
    QLabel *m_tier;
    QGroupBox *m_rehydration;
    QComboBox *m_priority;
    QSpinBox *m_days;
    QLabel *m_rehydrationText;
    QPointer<QObject> m_loads;
    // What choosing a point sets in the request, per point id (the model keeps rows compact and
    // does not hand points back).
    struct PointFacts
    {
        QString name;
        QDateTime time;
        bool archived = false;
        QString tier;
    };
    QHash<QString, PointFacts> m_facts;
};

} // namespace RestoreDesk

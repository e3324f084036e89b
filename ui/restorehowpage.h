#pragma once

#include "backup/restorerequest.h"

#include <QWizardPage>

class QButtonGroup;
class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QRadioButton;
class QVBoxLayout;

namespace RestoreDesk {

class RestoreWizard;

// The wizard's "How" step: one choice per restore kind the item's kind supports (and only
// those), each with what it does; the overwrite option, off by default and opted into with its
// own check box where the kind has one; for file shares, the whole share or chosen files and
// folders. GUI thread; owned by the wizard.
class RestoreHowPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit RestoreHowPage(RestoreWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    // The radio button of a kind ("modeRadio_vmdisks"…), for tests and accessibility.
    static QString objectNameOf(Backup::RestoreRequest::Mode mode);

private:
    void rebuild();
    void apply();

    RestoreWizard *m_wizard;
    QVBoxLayout *m_modes;
    QButtonGroup *m_group;
    QList<QWidget *> m_modeWidgets;
    QCheckBox *m_overwrite;
    QLabel *m_overwriteNote;
    QCheckBox *m_itemLevel;
    QPlainTextEdit *m_items;
    Backup::ProtectedItem::Kind m_builtFor = Backup::ProtectedItem::Kind::Unknown;
    bool m_built = false;
};

} // namespace RestoreDesk

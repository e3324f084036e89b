#pragma once

#include <QDialog>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace RestoreDesk {

// What the dialogs that settle a kept restore share (AdoptJobDialog, DiscardRestoreDialog): a
// required reason, recorded in the audit log, and OK that stays off until one is typed (spaces
// alone do not count). The subclass fills its own rows; finish() adds the reason row, the intro
// above and the buttons below. Object names: "<name>ReasonEdit", "<name>Buttons". GUI thread.
class ReasonDialog : public QDialog
{
    Q_OBJECT

public:
    QString reason() const;

protected:
    ReasonDialog(const QString &name, const QString &placeholder, const QString &okText, QWidget *parent);
    void finish(QLabel *intro, QFormLayout *form);

private:
    void updateOk();

    QLineEdit *m_reason;
    QDialogButtonBox *m_buttons;
};

} // namespace RestoreDesk

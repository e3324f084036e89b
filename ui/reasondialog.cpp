#include "reasondialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace RestoreDesk {

ReasonDialog::ReasonDialog(const QString &name, const QString &placeholder, const QString &okText,
                           QWidget *parent)
    : QDialog(parent)
    , m_reason(new QLineEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    m_reason->setObjectName(name + QStringLiteral("ReasonEdit"));
    m_reason->setPlaceholderText(placeholder);
    m_buttons->setObjectName(name + QStringLiteral("Buttons"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(okText);
    connect(m_reason, &QLineEdit::textChanged, this, &ReasonDialog::updateOk);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!reason().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateOk();
}

void ReasonDialog::finish(QLabel *intro, QFormLayout *form)
{
    form->addRow(tr("Reason:"), m_reason);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    m_reason->setFocus();
}

QString ReasonDialog::reason() const
{
    return m_reason->text().trimmed();
}

void ReasonDialog::updateOk()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!reason().isEmpty());
}

} // namespace RestoreDesk

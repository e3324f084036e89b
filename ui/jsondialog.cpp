#include "jsondialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace RestoreDesk {

JsonDialog::JsonDialog(const QString &title, const QString &json, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("jsonDialog"));
    setWindowTitle(title);
    setAttribute(Qt::WA_DeleteOnClose);
    auto text = new QPlainTextEdit(this);
    text->setObjectName(QStringLiteral("jsonText"));
    text->setReadOnly(true);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text->setPlainText(json);
    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("copyJsonButton"));
    connect(copy, &QPushButton::clicked, this, [json] { QApplication::clipboard()->setText(json); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(buttons);
    resize(720, 560);
}

JsonDialog *JsonDialog::show(const QString &title, const QString &json, QWidget *parent)
{
    auto *d = new JsonDialog(title, json, parent);
    d->QDialog::show();
    return d;
}

} // namespace RestoreDesk

#pragma once

#include <QDialog>
#include <QJsonObject>

namespace RestoreDesk {

// The raw JSON of anything the console shows (an item, a job, a policy of an unknown kind),
// read-only, monospace, copyable: "one click away". Non-modal; deletes itself on close.
class JsonDialog : public QDialog
{
    Q_OBJECT

public:
    JsonDialog(const QString &title, const QString &json, QWidget *parent = nullptr);
    static JsonDialog *show(const QString &title, const QString &json, QWidget *parent);
};

} // namespace RestoreDesk

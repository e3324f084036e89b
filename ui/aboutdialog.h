#pragma once

#include <QDialog>

namespace RestoreDesk {

// Version, libraries in use and where settings live. Modal, short-lived; GUI thread.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget *parent = nullptr);
};

} // namespace RestoreDesk

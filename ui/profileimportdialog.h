#pragma once

#include "auth/profilestore.h"

#include <QDialog>

namespace RestoreDesk {

// Shows what an imported profile file would set up before anything is saved: name, issuer,
// client id, API base and audience, scopes, CA bundle and claim mapping, and which keys of the
// file were dropped (a browser command is never taken from a file). Save or Cancel. Modal; GUI
// thread.
class ProfileImportDialog : public QDialog
{
    Q_OBJECT

public:
    ProfileImportDialog(const QString &fileName, const Auth::ImportedProfile &imported,
                        QWidget *parent = nullptr);
};

} // namespace RestoreDesk

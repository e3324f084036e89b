#pragma once

#include <QString>
#include <QStringList>

namespace RestoreDesk::Text {

// The words of the small page the browser shows after a sign-in (the loopback listener's
// answers), for a code such as "signed_in", "state_mismatch", "wrong_path". Pure, any thread.
QString signInPage(const QString &code, const QStringList &args);

} // namespace RestoreDesk::Text

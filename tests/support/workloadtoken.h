#pragma once

#include <QByteArray>
#include <QString>

namespace RestoreDesk::Test {

// A GitHub Actions workload token as a federated-credential test reads it: issuer
// token.actions.githubusercontent.com, audience api://AzureADTokenExchange, valid for the next
// five minutes, subject `sub`. Its signature is a placeholder: the matching never verifies it.
QByteArray workloadToken(const QString &sub);

} // namespace RestoreDesk::Test

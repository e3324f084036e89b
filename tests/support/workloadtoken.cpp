#include "workloadtoken.h"

#include "jose/randomtoken.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace RestoreDesk::Test {

namespace {

QByteArray part(const QJsonObject &o)
{
    return Jose::base64UrlEncode(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

QByteArray workloadToken(const QString &sub)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject claims { { QStringLiteral("iss"),
                                 QStringLiteral("https://token.actions.githubusercontent.com") },
                               { QStringLiteral("sub"), sub },
                               { QStringLiteral("aud"), QStringLiteral("api://AzureADTokenExchange") },
                               { QStringLiteral("iat"), now - 10 },
                               { QStringLiteral("exp"), now + 290 } };
    return part(QJsonObject { { QStringLiteral("alg"), QStringLiteral("RS256") },
                              { QStringLiteral("kid"), QStringLiteral("gh") } })
        + '.' + part(claims) + ".c2ln";
}

} // namespace RestoreDesk::Test

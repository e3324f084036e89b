#include "access/federatedcredential.h"

#include "access/accesscodes.h"
#include "core/jsonutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace RestoreDesk::Access {

namespace {

Error invalid(const QString &detail)
{
    return Error::make(Error::Kind::Invalid, Codes::InvalidCredentials, detail);
}

} // namespace

Result<FederatedCredential> FederatedCredential::fromJson(const QJsonObject &object)
{
    // ARM resources nest the fields in `properties`; az and Graph print them flat.
    const QJsonObject props = object.value(QStringLiteral("properties")).isObject()
        ? object.value(QStringLiteral("properties")).toObject()
        : object;
    FederatedCredential c;
    c.id = object.value(QStringLiteral("id")).toString();
    c.name = object.value(QStringLiteral("name")).toString();
    const QString label = c.name.isEmpty() ? QStringLiteral("a credential") : c.name;
    const QJsonValue issuer = props.value(QStringLiteral("issuer"));
    if (!issuer.isString() || issuer.toString().isEmpty())
        return invalid(QStringLiteral("%1 has no issuer.").arg(label));
    c.issuer = issuer.toString();
    const QJsonValue subject = props.value(QStringLiteral("subject"));
    if (!subject.isUndefined() && !subject.isNull() && !subject.isString())
        return invalid(QStringLiteral("%1 has a subject that is not a string.").arg(label));
    c.subject = subject.toString();
    const QJsonValue expression = props.value(QStringLiteral("claimsMatchingExpression"));
    if (expression.isObject()) {
        c.claimsMatchingExpression = expression.toObject().value(QStringLiteral("value")).toString();
        c.languageVersion = expression.toObject().value(QStringLiteral("languageVersion")).toInt();
    } else if (!expression.isUndefined() && !expression.isNull()) {
        return invalid(QStringLiteral("%1 has a claimsMatchingExpression that is not an object.").arg(label));
    }
    if (c.subject.isEmpty() == c.claimsMatchingExpression.isEmpty())
        return invalid(
            QStringLiteral("%1 must have either a subject or a claimsMatchingExpression.").arg(label));
    const QJsonValue audiences = props.value(QStringLiteral("audiences"));
    if (!audiences.isArray())
        return invalid(QStringLiteral("%1 has no audiences array.").arg(label));
    for (const QJsonValue &a : audiences.toArray()) {
        if (!a.isString())
            return invalid(QStringLiteral("%1 has an audience that is not a string.").arg(label));
        c.audiences << a.toString();
    }
    if (c.audiences.isEmpty())
        return invalid(QStringLiteral("%1 has no audience.").arg(label));
    return c;
}

Result<QList<FederatedCredential>> FederatedCredential::listFromJson(const QByteArray &document)
{
    if (document.size() > kMaxDocumentSize)
        return invalid(
            QStringLiteral("The document is larger than %1 MiB.").arg(kMaxDocumentSize / (1024 * 1024)));
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(document, &error);
    if (error.error != QJsonParseError::NoError)
        return invalid(
            QStringLiteral("Not valid JSON (%1 at offset %2).").arg(error.errorString()).arg(error.offset));
    QJsonArray entries;
    if (doc.isArray()) {
        entries = doc.array();
    } else if (doc.object().value(QStringLiteral("value")).isArray()) {
        entries = doc.object().value(QStringLiteral("value")).toArray();
    } else if (doc.isObject()) {
        entries.append(doc.object());
    }
    QList<FederatedCredential> out;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (!entries.at(i).isObject())
            return invalid(QStringLiteral("Entry %1 is not an object.").arg(i + 1));
        auto c = fromJson(entries.at(i).toObject());
        if (!c)
            return invalid(QStringLiteral("Entry %1: %2").arg(i + 1).arg(c.error().detail));
        out << c.value();
    }
    return out;
}

FederatedCredential FederatedCredential::proposeFromToken(const QJsonObject &claims, const QString &audience)
{
    FederatedCredential c;
    c.issuer = claims.value(QStringLiteral("iss")).toString();
    c.subject = claims.value(QStringLiteral("sub")).toString();
    QString chosen = audience;
    if (chosen.isEmpty()) {
        const QStringList aud = Json::stringList(claims.value(QStringLiteral("aud")));
        if (aud.size() == 1 && !aud.first().isEmpty())
            chosen = aud.first();
        else if (aud.isEmpty() || aud.contains(defaultAudience()))
            chosen = defaultAudience();
        else
            chosen = aud.first();
    }
    c.audiences = { chosen };
    c.name = suggestName(c.subject);
    return c;
}

QString FederatedCredential::suggestName(const QString &subject)
{
    QString name;
    for (const QChar ch : subject) {
        const bool plain = (ch >= QLatin1Char('a') && ch <= QLatin1Char('z'))
            || (ch >= QLatin1Char('A') && ch <= QLatin1Char('Z'))
            || (ch >= QLatin1Char('0') && ch <= QLatin1Char('9')) || ch == QLatin1Char('-')
            || ch == QLatin1Char('_');
        const QChar next = plain ? ch : QLatin1Char('-');
        if (next == QLatin1Char('-') && name.endsWith(QLatin1Char('-')))
            continue;
        name += next;
    }
    while (!name.isEmpty() && !name.at(0).isLetterOrNumber())
        name.remove(0, 1);
    while (name.endsWith(QLatin1Char('-')))
        name.chop(1);
    name = name.left(120);
    while (name.size() < 3)
        name += QLatin1Char('x');
    return name;
}

bool FederatedCredential::isValidName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-zA-Z0-9][a-zA-Z0-9-_]{2,119}$"));
    return pattern.match(name).hasMatch();
}

Result<void> FederatedCredential::validateNew(const FederatedCredential &proposed,
                                              const QList<FederatedCredential> &existing, Replace replace)
{
    if (!isValidName(proposed.name))
        return Error::make(Error::Kind::Invalid, Codes::InvalidCredentialName, QString(), { proposed.name });
    if (!proposed.issuer.startsWith(QLatin1String("https://")))
        return Error::make(Error::Kind::Invalid, Codes::CredentialIssuerNotHttps, QString(),
                           { proposed.issuer });
    if (proposed.subject.isEmpty())
        return Error::make(Error::Kind::Invalid, Codes::CredentialIncomplete, QString(),
                           { QStringLiteral("subject") });
    if (proposed.audiences.size() != 1 || proposed.audiences.first().isEmpty())
        return Error::make(Error::Kind::Invalid, Codes::CredentialIncomplete, QString(),
                           { QStringLiteral("audiences") });
    bool replaces = false;
    for (const FederatedCredential &c : existing) {
        if (c.name.compare(proposed.name, Qt::CaseInsensitive) == 0) {
            if (replace == Replace::Refuse)
                return Error::make(Error::Kind::Invalid, Codes::CredentialNameTaken, QString(), { c.name });
            replaces = true;
            continue;
        }
        if (c.issuer == proposed.issuer && c.subject == proposed.subject)
            return Error::make(Error::Kind::Invalid, Codes::CredentialDuplicate, QString(), { c.name });
    }
    if (!replaces && existing.size() >= kMaxPerIdentity)
        return Error::make(Error::Kind::Invalid, Codes::CredentialLimitReached, QString(),
                           { QString::number(kMaxPerIdentity) });
    return {};
}

QJsonObject FederatedCredential::creationBody() const
{
    return QJsonObject { { QStringLiteral("properties"),
                           QJsonObject {
                               { QStringLiteral("issuer"), issuer },
                               { QStringLiteral("subject"), subject },
                               { QStringLiteral("audiences"), QJsonArray::fromStringList(audiences) } } } };
}

} // namespace RestoreDesk::Access

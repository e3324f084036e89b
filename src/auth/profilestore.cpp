#include "auth/profilestore.h"

#include "auth/autherrors.h"
#include "core/jsonutil.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

namespace RestoreDesk::Auth {

namespace {

QString key(const QString &name, const char *what)
{
    // Profile names are free text; percent-encode them into one settings key segment.
    return QStringLiteral("profiles/") + QString::fromLatin1(QUrl::toPercentEncoding(name)) + QLatin1Char('/')
        + QLatin1String(what);
}

} // namespace

ProfileStore::ProfileStore()
    : m_settings(std::make_unique<QSettings>())
{ }

ProfileStore::ProfileStore(const QString &fileName)
    : m_settings(std::make_unique<QSettings>(fileName, QSettings::IniFormat))
{ }

QString ProfileStore::fileName() const
{
    return m_settings->fileName();
}

QStringList ProfileStore::names() const
{
    m_settings->beginGroup(QStringLiteral("profiles"));
    const QStringList groups = m_settings->childGroups();
    m_settings->endGroup();
    QStringList out;
    for (const QString &g : groups)
        out << QUrl::fromPercentEncoding(g.toLatin1());
    return out;
}

Result<Profile> ProfileStore::load(const QString &name) const
{
    const QByteArray json = m_settings->value(key(name, "json")).toByteArray();
    if (json.isEmpty())
        return Error::make(Error::Kind::Invalid, Codes::NoSuchProfile, {}, { name });
    auto o = Json::parseObject(json, name);
    if (!o)
        return o.error();
    auto p = Profile::fromJson(o.value());
    if (!p)
        return p;
    p.value().browserCommand = m_settings->value(key(name, "browserCommand")).toStringList();
    // The CA bundle is a path on this machine, kept beside the profile (older settings kept it
    // inside the profile's JSON: still read from there).
    p.value().caBundle = m_settings->contains(key(name, "caBundle"))
        ? m_settings->value(key(name, "caBundle")).toString()
        : o->value(QStringLiteral("caBundle")).toString();
    return p;
}

Result<void> ProfileStore::save(const Profile &profile)
{
    auto valid = profile.validate();
    if (!valid)
        return valid;
    m_settings->setValue(key(profile.name, "json"),
                         QJsonDocument(profile.toJson()).toJson(QJsonDocument::Compact));
    if (profile.browserCommand.isEmpty())
        m_settings->remove(key(profile.name, "browserCommand"));
    else
        m_settings->setValue(key(profile.name, "browserCommand"), profile.browserCommand);
    m_settings->setValue(key(profile.name, "caBundle"), profile.caBundle);
    m_settings->sync();
    if (m_settings->status() != QSettings::NoError)
        return Error::make(Error::Kind::Io, Codes::SettingsWriteFailed, {}, { m_settings->fileName() });
    return {};
}

void ProfileStore::remove(const QString &name)
{
    m_settings->remove(QStringLiteral("profiles/") + QString::fromLatin1(QUrl::toPercentEncoding(name)));
    if (current() == name)
        m_settings->remove(QStringLiteral("current"));
    m_settings->sync();
}

QString ProfileStore::current() const
{
    return m_settings->value(QStringLiteral("current")).toString();
}

void ProfileStore::setCurrent(const QString &name)
{
    m_settings->setValue(QStringLiteral("current"), name);
    m_settings->sync();
}

QString ProfileStore::lastSubject(const QString &issuer, const QString &clientId) const
{
    return m_settings
        ->value(QStringLiteral("sessions/")
                + QString::fromLatin1(QUrl::toPercentEncoding(issuer + QLatin1Char('|') + clientId)))
        .toString();
}

void ProfileStore::setLastSubject(const QString &issuer, const QString &clientId, const QString &subject)
{
    const QString k = QStringLiteral("sessions/")
        + QString::fromLatin1(QUrl::toPercentEncoding(issuer + QLatin1Char('|') + clientId));
    if (subject.isEmpty())
        m_settings->remove(k);
    else
        m_settings->setValue(k, subject);
    m_settings->sync();
}

Result<void> ProfileStore::exportTo(const Profile &profile, const QString &fileName)
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return Error::make(Error::Kind::Io, Codes::ExportFailed, file.errorString(), { fileName });
    file.write(QJsonDocument(profile.toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return Error::make(Error::Kind::Io, Codes::ExportFailed, file.errorString(), { fileName });
    return {};
}

Result<ImportedProfile> ProfileStore::importFrom(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return Error::make(Error::Kind::Io, Codes::ImportFailed, file.errorString(), { fileName });
    auto o = Json::parseObject(file.read(1024 * 1024), fileName);
    if (!o)
        return o.error();
    ImportedProfile imported;
    auto p = Profile::fromJson(o.value(), &imported.dropped);
    if (!p)
        return p.error();
    imported.profile = p.value();
    return imported;
}

} // namespace RestoreDesk::Auth

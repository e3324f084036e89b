#include "audit/anchor.h"

#include "audit/auditerrors.h"
#include "audit/chain.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace RestoreDesk::Audit {

QByteArray Anchor::toBytes() const
{
    QJsonObject o { { QLatin1String("seq"), double(seq) },
                    { QLatin1String("hash"), QString::fromLatin1(hash) } };
    if (!mac.isEmpty()) {
        o.insert(QLatin1String("key"), QString::fromLatin1(keyId));
        o.insert(QLatin1String("mac"), QString::fromLatin1(mac));
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

Result<Anchor> Anchor::parse(const QByteArray &bytes)
{
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Error::make(Error::Kind::Invalid, Codes::AnchorUnreadable,
                           error.error != QJsonParseError::NoError ? error.errorString()
                                                                   : QStringLiteral("not a JSON object"));
    const QJsonObject o = doc.object();
    Anchor a;
    a.seq = qint64(o.value(QLatin1String("seq")).toDouble());
    a.hash = o.value(QLatin1String("hash")).toString().toLatin1();
    a.keyId = o.value(QLatin1String("key")).toString().toLatin1();
    a.mac = o.value(QLatin1String("mac")).toString().toLatin1();
    if (a.seq < 0 || a.hash.size() != LineFormat::kHashHexSize)
        return Error::make(Error::Kind::Invalid, Codes::AnchorUnreadable, QStringLiteral("no seq or hash"));
    return a;
}

Result<std::optional<Anchor>> Anchor::read(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return std::optional<Anchor>();
    if (!file.open(QIODevice::ReadOnly))
        return Error::make(Error::Kind::Io, Codes::AnchorUnreadable, file.errorString(), { path });
    auto parsed = parse(file.read(4096));
    if (!parsed) {
        Error e = parsed.error();
        e.args = QStringList { path };
        e.detail = path + QStringLiteral(": ") + e.detail;
        return e;
    }
    return std::optional<Anchor>(parsed.value());
}

Anchor Anchor::make(qint64 seq, const QByteArray &hash, MacKey *key)
{
    Anchor a;
    a.seq = seq;
    a.hash = hash;
    if (key) {
        a.keyId = key->id();
        a.mac = key->anchorMacHex(seq, hash);
    }
    return a;
}

} // namespace RestoreDesk::Audit

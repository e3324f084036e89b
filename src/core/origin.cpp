#include "core/origin.h"

#include <QHostAddress>

namespace RestoreDesk::Net {

Origin Origin::of(const QUrl &url)
{
    Origin o;
    o.scheme = url.scheme().toLower();
    o.host = url.host().toLower();
    const int defaultPort = o.scheme == QLatin1String("https") ? 443
        : o.scheme == QLatin1String("http")                    ? 80
                                                               : -1;
    o.port = url.port(defaultPort);
    return o;
}

QString Origin::toString() const
{
    const QString h = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return QStringLiteral("%1://%2:%3").arg(scheme, h).arg(port);
}

bool Origin::operator==(const Origin &other) const
{
    return scheme == other.scheme && host == other.host && port == other.port;
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    QString literal = host;
    if (literal.startsWith(QLatin1Char('[')) && literal.endsWith(QLatin1Char(']')))
        literal = literal.mid(1, literal.size() - 2);
    QHostAddress address;
    // setAddress accepts only complete IP literals ("127.evil.example" fails to parse).
    if (!address.setAddress(literal))
        return false;
    return address.isLoopback();
}

bool isLoopbackUrl(const QUrl &url)
{
    return url.isValid() && isLoopbackHost(url.host());
}

bool isSecureOrLoopback(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return false;
    if (url.scheme() == QLatin1String("https"))
        return true;
    return url.scheme() == QLatin1String("http") && isLoopbackUrl(url);
}

} // namespace RestoreDesk::Net

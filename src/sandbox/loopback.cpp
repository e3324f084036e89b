#include "sandbox/loopback.h"

#include <QHostAddress>

namespace RestoreDesk::Sandbox {

bool isLoopbackHost(const QString &host)
{
    // QUrl hands hosts over lower-cased and IP literals normalised ("[::1]" as "::1"); a name
    // is compared whole, an address is parsed, never a prefix matched.
    if (host == QLatin1String("localhost"))
        return true;
    QHostAddress address;
    return address.setAddress(host) && address.isLoopback();
}

bool isHttpsOrLoopback(const QUrl &url)
{
    if (!url.isValid() || !url.userInfo().isEmpty())
        return false;
    if (url.scheme() == QLatin1String("https"))
        return !url.host().isEmpty();
    return url.scheme() == QLatin1String("http") && isLoopbackHost(url.host());
}

} // namespace RestoreDesk::Sandbox

#pragma once

#include <QString>
#include <QUrl>

namespace RestoreDesk::Net {

// The origin of a URL (RFC 6454): scheme, host (lower case) and port (the scheme's default when
// absent). Bearer tokens, nextLinks and polling URLs are judged by it. Value type.
struct Origin
{
    QString scheme;
    QString host;
    int port = -1;

    static Origin of(const QUrl &url);
    bool isValid() const { return !scheme.isEmpty() && !host.isEmpty() && port > 0; }
    QString toString() const; // "https://management.azure.com:443"
    bool operator==(const Origin &other) const;
    bool operator!=(const Origin &other) const { return !(*this == other); }
};

// True for the host "localhost" and for IP literals in 127.0.0.0/8 or ::1. The host is parsed as
// an address: "127.evil.example" or "localhost.example" are not loopback.
bool isLoopbackHost(const QString &host);
bool isLoopbackUrl(const QUrl &url);
// HTTPS, or HTTP to a loopback host: the only URLs the console sends anything to.
bool isSecureOrLoopback(const QUrl &url);

} // namespace RestoreDesk::Net

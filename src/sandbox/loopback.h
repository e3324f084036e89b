#pragma once

#include <QString>
#include <QUrl>

namespace RestoreDesk::Sandbox {

// Whether a host names this machine: the name `localhost` exactly, or an IP literal that
// QHostAddress parses as loopback (127.0.0.0/8, ::1). Names that merely start like one
// (`127.evil.example`, `localhost.evil.example`, `127.0.0.1.nip.io`) are other machines.
bool isLoopbackHost(const QString &host);

// Whether the sandbox may fetch `url` (a trusted issuer's discovery document or keys): HTTPS
// anywhere, plain HTTP only to this machine, no user info.
bool isHttpsOrLoopback(const QUrl &url);

} // namespace RestoreDesk::Sandbox

// What the identity page says of an access token (Auth::inspectAccessToken), for a program that
// links no libcrypto of its own: tst_cli_libraries_e2e runs it with one that lacks OpenSSL's
// functions first on the library path. Arguments: a file holding the token, one holding the
// issuer's JWKS, the issuer, the API's audience. Prints the status's number, then its arguments,
// one per line.
#include "auth/idtokenverifier.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 5) {
        std::fputs("usage: rd_access_token_probe TOKEN-FILE JWKS-FILE ISSUER AUDIENCE\n", stderr);
        return 2;
    }
    const auto keys = RestoreDesk::Jose::JwkSet::fromJson(readAll(args.at(2)));
    if (!keys) {
        std::fprintf(stderr, "jwks: %s\n", qPrintable(keys.error().code));
        return 1;
    }
    const RestoreDesk::Auth::AccessTokenView view = RestoreDesk::Auth::inspectAccessToken(
        readAll(args.at(1)).trimmed(), keys.value(), args.at(3), args.at(4), { QStringLiteral("RS256") });
    std::printf("%d\n", int(view.status));
    for (const QString &a : view.args)
        std::printf("%s\n", qPrintable(a));
    return 0;
}

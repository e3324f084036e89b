// rd_signin_bench: how many requests the console sends to the issuer's back channel for a sign-in,
// cold (nothing known about the issuer) and warm (discovery and keys cached from the first),
// counted at the sandbox by path; the browser's own requests (the sign-in page and the button)
// are not back-channel requests and are left out. Prints one JSON object.
#include "benchsession.h"
#include "sandbox/sandboxserver.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>

using namespace RestoreDesk;
using namespace RestoreDesk::Bench;

namespace {

// Requests per issuer path (under /oidc) seen by the sandbox so far.
QHash<QString, quint64> issuerCounts(const Sandbox::SandboxServer &server)
{
    QHash<QString, quint64> out;
    const auto &all = server.requestCountsByPath();
    for (auto it = all.begin(); it != all.end(); ++it) {
        if (it.key() == QLatin1String("/oidc") || it.key().startsWith(QLatin1String("/oidc/")))
            out.insert(it.key(), it.value());
    }
    return out;
}

// What the client asked between two counts, without the browser's front-channel pages.
QJsonObject backChannel(const QHash<QString, quint64> &before, const QHash<QString, quint64> &after,
                        int *total)
{
    QJsonObject byPath;
    *total = 0;
    for (auto it = after.begin(); it != after.end(); ++it) {
        if (it.key() == QLatin1String("/oidc/authorize")
            || it.key() == QLatin1String("/oidc/authorize/decision"))
            continue;
        const int n = int(it.value() - before.value(it.key()));
        if (n > 0) {
            byPath.insert(it.key(), n);
            *total += n;
        }
    }
    return byPath;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Sandbox::SandboxServer server;
    QEventLoop ready;
    QString failure;
    QObject::connect(&server, &Sandbox::SandboxServer::ready, &ready, &QEventLoop::quit);
    QObject::connect(&server, &Sandbox::SandboxServer::failed, &ready, [&](const QString &why) {
        failure = why;
        ready.quit();
    });
    server.start(Sandbox::SandboxOptions());
    if (!server.isReady() && failure.isEmpty())
        ready.exec();
    if (!failure.isEmpty()) {
        std::fprintf(stderr, "rd_signin_bench: sandbox: %s\n", qPrintable(failure));
        return 1;
    }

    BenchSession bench(server.issuer(), server.apiBase());
    QJsonObject out;
    const char *const phases[] = { "cold", "warm" };
    for (const char *phase : phases) {
        const auto before = issuerCounts(server);
        const int browserBefore = bench.browser().issuerRequests();
        const auto signedIn = bench.signIn();
        if (!signedIn) {
            std::fprintf(stderr, "rd_signin_bench: %s sign-in failed: %s\n", phase,
                         qPrintable(signedIn.error().toString()));
            return 1;
        }
        int total = 0;
        const QJsonObject byPath = backChannel(before, issuerCounts(server), &total);
        if (bench.browser().issuerRequests() - browserBefore != 2) {
            std::fprintf(stderr, "rd_signin_bench: the browser did not play its two steps\n");
            return 1;
        }
        out.insert(QLatin1String(phase), total);
        out.insert(QLatin1String(phase) + QStringLiteral("ByPath"), byPath);
    }
    out.insert(QStringLiteral("discoveryRequests"), bench.session().discoveryRequestCount());
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}

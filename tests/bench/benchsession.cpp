#include "benchsession.h"

#include "sandbox/sandboxserver.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>
#include <optional>

namespace RestoreDesk::Bench {

BenchSession::BenchSession(const QString &issuer, const QString &api, const QString &user)
    : m_profiles(std::make_unique<Auth::ProfileStore>(m_dir.filePath(QStringLiteral("profiles.conf"))))
    , m_session(std::make_unique<Auth::Session>(&m_nam, nullptr, m_profiles.get()))
    , m_browser(user)
{
    m_session->setAutoRefresh(false);
    m_session->setProfile(Auth::Profile::sandbox(issuer, api, Sandbox::SandboxServer::apiAudience()));
    QObject::connect(m_session.get(), &Auth::Session::openBrowser, m_session.get(),
                     [this](const QUrl &url) { m_browser.play(url); });
}

Result<void> BenchSession::signIn(int timeoutMs)
{
    std::optional<Result<void>> result;
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    m_session->signIn([&](Result<void> r) {
        result = std::move(r);
        loop.quit();
    });
    if (!result)
        loop.exec();
    if (!result)
        return Error::make(Error::Kind::Timeout, QStringLiteral("bench_signin_timeout"));
    return *result;
}

namespace {

Net::Transport transportOf(BenchSession &session)
{
    Net::Transport t;
    t.nam = &session.nam();
    return t;
}

} // namespace

BenchApi::BenchApi(BenchSession &session, const QString &api, int maxConcurrentPerHost)
    : m_tokens(&session.session())
    , m_arm(transportOf(session), &m_tokens, QUrl(api))
    , m_backup(&m_arm)
{
    if (maxConcurrentPerHost > 0) {
        Arm::ArmClient::Options o = m_arm.options();
        o.maxConcurrentPerHost = maxConcurrentPerHost;
        m_arm.setOptions(o);
    }
}

int fail(const QString &why)
{
    std::fprintf(stderr, "%s: %s\n", qPrintable(QCoreApplication::applicationName()), qPrintable(why));
    return 1;
}

QString argumentValue(const QStringList &arguments, const char *name)
{
    const qsizetype at = arguments.indexOf(QLatin1String(name));
    return at < 0 ? QString() : arguments.value(at + 1);
}

} // namespace RestoreDesk::Bench

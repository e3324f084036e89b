#include "sandbox/sandboxhost.h"

#include "sandbox/sandboxserver.h"

namespace RestoreDesk::Sandbox {

SandboxHost::SandboxHost(QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("sandbox"));
}

SandboxHost::~SandboxHost()
{
    if (m_thread.isRunning()) {
        m_thread.quit();
        m_thread.wait();
    }
}

void SandboxHost::start(const SandboxOptions &options)
{
    if (m_server)
        return;
    m_server = new SandboxServer;
    m_server->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_server, &QObject::deleteLater);
    connect(m_server, &SandboxServer::ready, this, [this](const QString &issuer, const QString &api) {
        m_ready = true;
        m_issuer = issuer;
        m_apiBase = api;
        Q_EMIT ready(issuer, api);
    });
    connect(m_server, &SandboxServer::failed, this, &SandboxHost::failed);
    m_thread.start();
    SandboxServer *server = m_server;
    QMetaObject::invokeMethod(
        server, [server, options] { server->start(options); }, Qt::QueuedConnection);
}

} // namespace RestoreDesk::Sandbox

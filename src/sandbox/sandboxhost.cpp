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
    // The tenant lives on the server's thread: its people are copied there, as values, and the
    // copy travels to this thread with the ready notice.
    SandboxServer *server = m_server;
    connect(m_server, &SandboxServer::ready, m_server,
            [this, server](const QString &issuer, const QString &api) {
                const QList<SandboxPerson> people = server->people();
                QMetaObject::invokeMethod(
                    this,
                    [this, issuer, api, people] {
                        m_people = people;
                        m_ready = true;
                        m_issuer = issuer;
                        m_apiBase = api;
                        Q_EMIT ready(issuer, api);
                    },
                    Qt::QueuedConnection);
            });
    connect(m_server, &SandboxServer::failed, this, &SandboxHost::failed);
    m_thread.start();
    QMetaObject::invokeMethod(
        server, [server, options] { server->start(options); }, Qt::QueuedConnection);
}

} // namespace RestoreDesk::Sandbox

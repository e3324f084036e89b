#pragma once

#include "sandbox/sandboxoptions.h"
#include "sandbox/sandboxperson.h"

#include <QObject>
#include <QThread>

namespace RestoreDesk::Sandbox {

class SandboxServer;

// Runs a SandboxServer on its own thread, so the sandbox's work (seeding a large tenant,
// answering requests) never runs on the caller's (GUI) thread. Signals arrive on the thread
// that owns the host; people() is filled, from the tenant data, before `ready` fires. The
// destructor stops the server and joins the thread.
class SandboxHost : public QObject
{
    Q_OBJECT

public:
    explicit SandboxHost(QObject *parent = nullptr);
    ~SandboxHost() override;

    void start(const SandboxOptions &options);
    bool isReady() const { return m_ready; }
    QString issuer() const { return m_issuer; }
    QString apiBase() const { return m_apiBase; }
    // Who can sign in (username, display name, role summary), in the tenant's order; empty
    // until `ready`.
    QList<SandboxPerson> people() const { return m_people; }

Q_SIGNALS:
    void ready(const QString &issuer, const QString &apiBase);
    void failed(const QString &message);

private:
    QThread m_thread;
    SandboxServer *m_server = nullptr;
    bool m_ready = false;
    QString m_issuer;
    QString m_apiBase;
    QList<SandboxPerson> m_people;
};

} // namespace RestoreDesk::Sandbox

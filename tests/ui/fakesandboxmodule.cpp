// A sandbox module of the console's contract that misbehaves the way a real one could, for
// tst_sandboxlauncher, built three times: RD_FAKE_NO_INSTANCE (its factory makes nothing),
// RD_FAKE_FAILS_TO_START (each instance reports failure, as a sandbox that cannot listen would)
// and RD_FAKE_OTHER_CONTRACT (built from other contract headers: the id before digests).

#ifdef RD_FAKE_OTHER_CONTRACT
#define RestoreDeskSandboxFactory_iid "org.restoredesk.SandboxFactory/1"
#endif
#include "sandboxfactory.h"

#include <QObject>
#include <QTimer>

namespace {

class FailingInstance final : public RestoreDesk::SandboxInstance
{
public:
    void start(std::function<void()> ready, std::function<void(const QString &message)> failed) override
    {
        Q_UNUSED(ready)
        // Later, on the calling thread, as the contract says; the context is this instance, so
        // the notice never runs after it is gone.
        QTimer::singleShot(0, &m_context,
                           [failed = std::move(failed)] { failed(QStringLiteral("cannot listen")); });
    }
    bool isReady() const override { return false; }
    QString issuer() const override { return {}; }
    QString apiBase() const override { return {}; }
    QString apiAudience() const override { return {}; }
    QList<RestoreDesk::Sandbox::SandboxPerson> people() const override { return {}; }

private:
    QObject m_context;
};

} // namespace

class FakeSandboxModule final
    : public QObject
    , public RestoreDesk::SandboxFactory
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID RestoreDeskSandboxFactory_iid)
    Q_INTERFACES(RestoreDesk::SandboxFactory)

public:
    std::unique_ptr<RestoreDesk::SandboxInstance> create() override
    {
#ifdef RD_FAKE_NO_INSTANCE
        return nullptr;
#else
        return std::make_unique<FailingInstance>();
#endif
    }
};

#include "fakesandboxmodule.moc"

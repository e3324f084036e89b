#pragma once

#include "builtinsandbox.h"

#include "core/result.h"

#include <QStringList>

#include <memory>

class QWidget;

namespace RestoreDesk {

class SandboxInstance;

// The built-in sandbox for the console, started the first time the Sandbox profile is chosen —
// once the window has been painted, when holdUntilPainted() was called (start() then only says it
// is starting). The sandbox lives in a module (restoredesk-sandbox-module) loaded only then, so
// its libraries cost the console's start nothing; a module that is missing or cannot be loaded
// is reported through failed() with the catalogue's sentence, and the rest of the console works.
// GUI thread; owned by main().
class SandboxLauncher final : public BuiltInSandbox
{
    Q_OBJECT

public:
    // `modulePaths`: where to look for the module, first found wins.
    explicit SandboxLauncher(const QStringList &modulePaths = defaultModulePaths(),
                             QObject *parent = nullptr);
    ~SandboxLauncher() override;

    // Beside the executable (the build tree), then the install's library folder relative to it.
    static QStringList defaultModulePaths();
    static QStringList modulePathsFor(const QString &applicationDir);

    // start() waits until `window` has been painted once: loading the module and the sandbox's
    // start (tenant, a fresh RSA key) do not delay the first page the operator sees.
    void holdUntilPainted(QWidget *window);
    void start() override;
    bool isReady() const override;
    bool isStarting() const override { return m_starting; }
    QString issuer() const override;
    QString apiBase() const override;
    QString apiAudience() const override;
    QList<SandboxPerson> people() const override;

private:
    void launch();
    Result<std::unique_ptr<SandboxInstance>> load() const;
    void fail(const QString &message);

    QStringList m_modulePaths;
    std::unique_ptr<SandboxInstance> m_instance;
    bool m_starting = false;
    bool m_held = false;
};

} // namespace RestoreDesk

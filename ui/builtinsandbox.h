#pragma once

#include <QObject>
#include <QStringList>

namespace RestoreDesk {

// A person of the built-in sandbox's tenant, as its sign-in page lists them.
struct SandboxPerson
{
    QString username;
    QString name;
    QStringList roles; // "Backup Reader @ Fabrikam Production"
};

// The built-in sandbox as the console sees it: started on demand (only when the Sandbox profile
// is chosen), then ready with its issuer, API and people, or failed. The composition root
// implements it over the sandbox library, which ui/ never links. GUI thread.
class BuiltInSandbox : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual void start() = 0; // once; later calls do nothing
    virtual bool isReady() const = 0;
    virtual bool isStarting() const = 0;
    virtual QString issuer() const = 0;
    virtual QString apiBase() const = 0;
    virtual QString apiAudience() const = 0;
    virtual QList<SandboxPerson> people() const = 0;

Q_SIGNALS:
    void ready();
    void failed(const QString &message);
};

} // namespace RestoreDesk

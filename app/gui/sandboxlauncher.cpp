#include "sandboxlauncher.h"

#include "firstpaint.h"
#include "sandboxfactory.h"
#include "sandboxmoduleerrors.h"
#include "text/errortext.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPluginLoader>
#include <QPointer>

namespace RestoreDesk {

SandboxLauncher::SandboxLauncher(const QStringList &modulePaths, QObject *parent)
    : BuiltInSandbox(parent)
    , m_modulePaths(modulePaths)
{ }

// The instance goes first (its server thread is joined); the module itself stays loaded.
SandboxLauncher::~SandboxLauncher() = default;

QStringList SandboxLauncher::defaultModulePaths()
{
    return modulePathsFor(QCoreApplication::applicationDirPath());
}

QStringList SandboxLauncher::modulePathsFor(const QString &applicationDir)
{
    const QDir bin(applicationDir);
    const QString file = QStringLiteral(RD_SANDBOX_MODULE_FILE);
    return { QDir::cleanPath(bin.filePath(file)),
             QDir::cleanPath(
                 bin.filePath(QStringLiteral(RD_SANDBOX_MODULE_FROM_BIN) + QLatin1Char('/') + file)) };
}

void SandboxLauncher::holdUntilPainted(QWidget *window)
{
    m_held = true;
    FirstPaint::whenPainted(window, [self = QPointer<SandboxLauncher>(this)] {
        if (!self)
            return;
        self->m_held = false;
        if (self->m_starting && !self->m_instance)
            self->launch();
    });
}

void SandboxLauncher::start()
{
    if (m_instance || m_starting)
        return;
    m_starting = true;
    if (!m_held)
        launch();
}

Result<std::unique_ptr<SandboxInstance>> SandboxLauncher::load() const
{
    QString path;
    for (const QString &candidate : m_modulePaths) {
        // Only a path from the executable's real location: were it unknown (the binary replaced
        // while running, no /proc), a relative path would be looked up in the working directory
        // (and Qt's plugin paths), where anyone could have put a file of that name.
        if (QDir::isAbsolutePath(candidate) && QFileInfo(candidate).isFile()) {
            path = candidate;
            break;
        }
    }
    if (path.isEmpty())
        return Error::make(Error::Kind::Io, SandboxModule::Codes::Missing, QString(),
                           { m_modulePaths.join(QStringLiteral(", ")) });
    // Never unloaded: the instance's code (and Qt's metadata of its types) must outlive it.
    QPluginLoader loader(path);
    QObject *plugin = loader.instance();
    if (!plugin)
        return Error::make(Error::Kind::Io, SandboxModule::Codes::LoadFailed, loader.errorString(), { path });
    auto *factory = qobject_cast<SandboxFactory *>(plugin);
    if (!factory)
        return Error::make(
            Error::Kind::Invalid, SandboxModule::Codes::NotAModule,
            QStringLiteral("no %1 interface").arg(QLatin1String(RestoreDeskSandboxFactory_iid)), { path });
    std::unique_ptr<SandboxInstance> instance = factory->create();
    if (!instance)
        return Error::make(Error::Kind::Internal, SandboxModule::Codes::NoInstance, QString(), { path });
    return Result<std::unique_ptr<SandboxInstance>>(std::move(instance));
}

void SandboxLauncher::launch()
{
    auto loaded = load();
    if (!loaded) {
        qWarning("Built-in sandbox: %s", qPrintable(Text::describe(loaded.error())));
        fail(Text::describe(loaded.error()));
        return;
    }
    m_instance = std::move(loaded).value();
    const QPointer<SandboxLauncher> self(this);
    m_instance->start(
        [self] {
            if (!self)
                return;
            self->m_starting = false;
            Q_EMIT self->ready();
        },
        [self](const QString &message) {
            if (!self)
                return;
            // The instance that failed goes (not here: this runs inside its own notice), so that
            // choosing the sandbox again starts a new one instead of finding this one "there".
            self->fail(message);
        });
}

// Said on the next turn of the event loop: the caller of start() has finished showing that it
// is starting, and a failed instance is not destroyed inside its own notice.
void SandboxLauncher::fail(const QString &message)
{
    QMetaObject::invokeMethod(
        this,
        [this, message] {
            m_instance.reset();
            m_starting = false;
            Q_EMIT failed(message);
        },
        Qt::QueuedConnection);
}

bool SandboxLauncher::isReady() const
{
    return m_instance && m_instance->isReady();
}

QString SandboxLauncher::issuer() const
{
    return m_instance ? m_instance->issuer() : QString();
}

QString SandboxLauncher::apiBase() const
{
    return m_instance ? m_instance->apiBase() : QString();
}

QString SandboxLauncher::apiAudience() const
{
    return m_instance ? m_instance->apiAudience() : QString();
}

QList<SandboxPerson> SandboxLauncher::people() const
{
    // The tenant's people, as the sandbox's own data says (not strings of the console).
    QList<SandboxPerson> out;
    if (!m_instance)
        return out;
    const QList<Sandbox::SandboxPerson> people = m_instance->people();
    for (const Sandbox::SandboxPerson &p : people)
        out << SandboxPerson { p.username, p.name, p.roles };
    return out;
}

} // namespace RestoreDesk

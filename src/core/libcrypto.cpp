#include "core/libcrypto.h"

#include <QStringList>

#include <dlfcn.h>

namespace RestoreDesk::LibCrypto {

namespace {

// OpenSSL 3's soname (every 3.x release keeps it).
constexpr char kLibrary[] = "libcrypto.so.3";

struct Loaded
{
    Functions functions;
    bool ok = false;
    QString why;
};

Loaded load()
{
    Loaded l;
    void *handle = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        l.why = QStringLiteral("%1 could not be loaded: %2")
                    .arg(QLatin1String(kLibrary), QString::fromLocal8Bit(dlerror()));
        return l;
    }
    QStringList missing;
#define RD_LIBCRYPTO_RESOLVE(name) \
    l.functions.name = reinterpret_cast<decltype(&::name)>(dlsym(handle, #name)); \
    if (!l.functions.name) \
        missing << QStringLiteral(#name);
    RD_LIBCRYPTO_FUNCTIONS(RD_LIBCRYPTO_RESOLVE)
#undef RD_LIBCRYPTO_RESOLVE
    if (!missing.isEmpty()) {
        const qsizetype more = missing.size() - 3;
        l.why = QStringLiteral("%1 lacks %2")
                    .arg(QLatin1String(kLibrary), missing.mid(0, 3).join(QStringLiteral(", ")));
        if (more > 0)
            l.why += QStringLiteral(" and %1 more of the functions this program calls").arg(more);
        l.functions = Functions();
        dlclose(handle); // not left for a later user of that name to bind to
        return l;
    }
    l.ok = true;
    return l;
}

// Never destroyed: a static destructor running after this one's may still hash or free a key.
const Loaded &loadedOnce()
{
    static const Loaded *const once = new Loaded(load());
    return *once;
}

} // namespace

const Functions *functions(QString *why)
{
    const Loaded &l = loadedOnce();
    if (why)
        *why = l.why;
    return l.ok ? &l.functions : nullptr;
}

QString unavailable()
{
    return QStringLiteral("OpenSSL's libcrypto is not usable here: %1").arg(loadedOnce().why);
}

} // namespace RestoreDesk::LibCrypto

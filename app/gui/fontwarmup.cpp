#include "fontwarmup.h"

#include <dlfcn.h>

namespace RestoreDesk {

FontWarmUp::FontWarmUp()
{
    using FcInitFunction = int (*)();
    auto fcInit = reinterpret_cast<FcInitFunction>(dlsym(RTLD_DEFAULT, "FcInit"));
    if (fcInit)
        m_thread = std::thread([fcInit] { fcInit(); });
}

FontWarmUp::~FontWarmUp()
{
    if (m_thread.joinable())
        m_thread.join();
}

} // namespace RestoreDesk

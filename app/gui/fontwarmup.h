#pragma once

#include <thread>

namespace RestoreDesk {

// Loads the system's font configuration (fontconfig's FcInit: its XML files and font cache) on a
// worker thread while the QApplication starts, instead of on the GUI thread when the first label
// measures its text — the biggest single cost of the first paint after Qt's own start. It calls
// the fontconfig that Qt's platform plugin already links, found at run time: nothing is linked,
// and where there is none it does nothing. fontconfig's start is thread-safe (the loser of a race
// drops its copy). Made first thing in main(), joined when destroyed. Owned by main().
class FontWarmUp
{
public:
    FontWarmUp();
    ~FontWarmUp();
    FontWarmUp(const FontWarmUp &) = delete;
    FontWarmUp &operator=(const FontWarmUp &) = delete;

private:
    std::thread m_thread;
};

} // namespace RestoreDesk

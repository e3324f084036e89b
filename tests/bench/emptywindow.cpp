// rd_bench_empty_window: the baseline of startup_vs_empty_window — a minimal Qt Widgets app with
// an empty QMainWindow of the console's size, built with the same flags, timed by the same
// first-paint hook as the console (ui/firstpaintprobe.h).
#include "firstpaint.h"

#include <QApplication>
#include <QMainWindow>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.resize(1100, 720); // the console's default size (ui/mainwindow.ui)
    RestoreDesk::FirstPaint::installBenchProbeIfAsked(&window);
    window.show();
    return QApplication::exec();
}

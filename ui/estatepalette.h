#pragma once

#include <QColor>
#include <QPalette>

namespace RestoreDesk::EstatePalette {

// The small fixed accent set of the estate views (health, job outcomes, tiers, retention rules).
// Mid-tone colours that keep their contrast on a light and on a dark window; text and lines
// around them come from the widget's QPalette. Pure functions; GUI thread.

enum class Accent {
    Good,
    Warning,
    Bad,
    Running,
    Neutral,
    Snapshot,
    Standard,
    Archive,
    Daily,
    Weekly,
    Monthly,
    Yearly,
    Log
};

QColor accent(Accent a);
// `c` faded toward the palette's base, for bars and bands behind marks.
QColor faded(const QColor &c, const QPalette &palette, qreal amount = 0.7);
// True when the window is dark (light text on a dark base).
bool isDark(const QPalette &palette);

} // namespace RestoreDesk::EstatePalette

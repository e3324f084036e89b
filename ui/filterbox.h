#pragma once

#include <QWidget>

namespace RestoreDesk::FilterBox {

// The console's find keys (Ctrl+F, /) put the focus in the filter box of the page shown: the
// visible widget marked here (a search field, or the first filter of a page without one).
inline constexpr char kProperty[] = "restoreDeskFilterBox";

inline void mark(QWidget *widget)
{
    widget->setProperty(kProperty, true);
}

inline bool isMarked(const QWidget *widget)
{
    return widget->property(kProperty).toBool();
}

} // namespace RestoreDesk::FilterBox

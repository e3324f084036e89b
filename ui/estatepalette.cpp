#include "estatepalette.h"

namespace RestoreDesk::EstatePalette {

QColor accent(Accent a)
{
    switch (a) {
    case Accent::Good:
        return QColor(0x2e, 0x9d, 0x4f);
    case Accent::Warning:
        return QColor(0xd9, 0x8c, 0x1a);
    case Accent::Bad:
        return QColor(0xd6, 0x3f, 0x3a);
    case Accent::Running:
        return QColor(0x31, 0x7f, 0xd8);
    case Accent::Neutral:
        return QColor(0x8a, 0x8f, 0x98);
    case Accent::Snapshot:
        return QColor(0x1f, 0xa3, 0xa3);
    case Accent::Standard:
        return QColor(0x3b, 0x78, 0xd8);
    case Accent::Archive:
        return QColor(0x8e, 0x5c, 0xc8);
    case Accent::Daily:
        return QColor(0x3b, 0x78, 0xd8);
    case Accent::Weekly:
        return QColor(0x2e, 0x9d, 0x4f);
    case Accent::Monthly:
        return QColor(0xd9, 0x8c, 0x1a);
    case Accent::Yearly:
        return QColor(0x8e, 0x5c, 0xc8);
    case Accent::Log:
        return QColor(0x8a, 0x8f, 0x98);
    }
    return QColor(0x8a, 0x8f, 0x98);
}

QColor faded(const QColor &c, const QPalette &palette, qreal amount)
{
    const QColor base = palette.color(QPalette::Base);
    const auto mix = [amount](int a, int b) { return int(a * (1 - amount) + b * amount); };
    return QColor(mix(c.red(), base.red()), mix(c.green(), base.green()), mix(c.blue(), base.blue()));
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < palette.color(QPalette::Text).lightness();
}

} // namespace RestoreDesk::EstatePalette

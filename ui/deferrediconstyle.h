#pragma once

#include <QProxyStyle>

namespace RestoreDesk {

// The application's style with the icons it hands to every menu bar (the overflow button's arrow)
// read only when first painted. Qt's styles read that icon from a PNG file as the menu bar is
// made, and reading an image file loads every image format plugin (and the libraries they link):
// a cost before the first window is painted, for a button that is seldom ever shown. Everything
// else is the base style's. Set once on the application by main(); GUI thread.
class DeferredIconStyle final : public QProxyStyle
{
    Q_OBJECT

public:
    // Takes ownership of `base` (nullptr: the platform's default style).
    explicit DeferredIconStyle(QStyle *base = nullptr);

    QIcon standardIcon(StandardPixmap icon, const QStyleOption *option = nullptr,
                       const QWidget *widget = nullptr) const override;
    // Whether `icon` is one this style defers.
    static bool isDeferred(StandardPixmap icon);
};

} // namespace RestoreDesk

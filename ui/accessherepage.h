#pragma once

#include "access/accessservice.h"

#include <QWidget>

#include <functional>

class QLabel;

namespace RestoreDesk {

class EffectivePermissionsWidget;
class MessageBanner;

// The "Access here" page: what the signed-in identity may do at the scope last selected in the
// estate tree (a subscription, resource group or vault), as the access service found it, or
// what keeps it from saying (nothing selected yet, loading, a failure with Retry). The host
// (IdentityController) fetches; this page only shows. GUI thread; owned by the console page.
class AccessHerePage : public QWidget
{
    Q_OBJECT

public:
    explicit AccessHerePage(QWidget *parent = nullptr);

    EffectivePermissionsWidget *permissions() const { return m_permissions; }
    MessageBanner *banner() const { return m_banner; }
    QString statusText() const;

    void showNoScope();
    void showSignedOut();
    void showLoading(const QString &scope);
    void showAnswer(const Access::AccessAnswer &answer);
    void showFailure(const Error &error, std::function<void()> retry);

private:
    QLabel *m_status;
    MessageBanner *m_banner;
    EffectivePermissionsWidget *m_permissions;
};

} // namespace RestoreDesk

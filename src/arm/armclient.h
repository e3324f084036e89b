#pragma once

#include "core/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace RestoreDesk::Auth {
class Session;
}

namespace RestoreDesk::Arm {

// One ARM answer: status, parsed body (may be empty), headers, and the correlation id to quote.
struct ArmResponse
{
    int status = 0;
    QJsonObject body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString correlationId;
    QByteArray header(const QByteArray &name) const;
};

// The REST transport to Azure Resource Manager (or the sandbox): adds the bearer token and the
// correlation headers itself, turns ARM error envelopes into Errors (code, message, HTTP
// status, correlation id), refreshes the token once on a 401 and retries, honours Retry-After on
// 429/503 (bounded), and follows nextLink. Every request is a job that reports once; it has a
// timeout. The network manager is injected. GUI thread.
class ArmClient : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int timeoutMs = 60000;
        int maxRetries = 4; // on 429 / 503
        int maxRetryAfterSeconds = 30;
    };

    ArmClient(QNetworkAccessManager *nam, Auth::Session *session, QUrl baseUrl, QObject *parent = nullptr);

    void setOptions(const Options &options) { m_options = options; }
    QUrl baseUrl() const { return m_base; }

    // `pathOrUrl` is a path under the base ("/subscriptions") or an absolute URL (a nextLink or
    // an Azure-AsyncOperation header, used exactly as given). `apiVersion` is added to paths only.
    void send(const QByteArray &method, const QString &pathOrUrl, const QString &apiVersion,
              const QJsonObject &body, std::function<void(Result<ArmResponse>)> done);
    void get(const QString &pathOrUrl, const QString &apiVersion,
             std::function<void(Result<ArmResponse>)> done);

    // Follows nextLink until the list ends; `page` sees each page as it arrives (may be empty).
    void getAll(const QString &path, const QString &apiVersion,
                std::function<void(const QJsonArray &page)> onPage,
                std::function<void(Result<QJsonArray>)> done);

    int refreshCount() const { return m_refreshes; }

private:
    struct Attempt;
    void attempt(std::shared_ptr<Attempt> a);
    QUrl resolve(const QString &pathOrUrl, const QString &apiVersion) const;
    static Error armError(const ArmResponse &r);

    QNetworkAccessManager *m_nam;
    Auth::Session *m_session;
    QUrl m_base;
    Options m_options;
    int m_refreshes = 0;
};

} // namespace RestoreDesk::Arm

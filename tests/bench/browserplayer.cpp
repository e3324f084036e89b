#include "browserplayer.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>

namespace RestoreDesk::Bench {

BrowserPlayer::Reply BrowserPlayer::send(const QUrl &url, const QByteArray &formBody)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(30000);
    QNetworkReply *reply = nullptr;
    if (formBody.isNull()) {
        reply = m_nam.get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded"));
        reply = m_nam.post(request, formBody);
    }
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.location = reply->rawHeader("Location");
    reply->deleteLater();
    return r;
}

int BrowserPlayer::play(const QUrl &authorizeUrl)
{
    ++m_issuerRequests;
    const Reply page = send(authorizeUrl);
    static const QRegularExpression requestId(QStringLiteral("name=\"request\" value=\"([^\"]+)\""));
    const QString id = requestId.match(QString::fromUtf8(page.body)).captured(1);
    if (page.status != 200 || id.isEmpty())
        return 0;
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("request"), QString::fromLatin1(QUrl::toPercentEncoding(id)));
    form.addQueryItem(QStringLiteral("username"), QString::fromLatin1(QUrl::toPercentEncoding(m_user)));
    QUrl decisionUrl = authorizeUrl.adjusted(QUrl::RemoveQuery);
    decisionUrl.setPath(decisionUrl.path() + QStringLiteral("/decision"));
    ++m_issuerRequests;
    const Reply decision = send(decisionUrl, form.toString(QUrl::FullyEncoded).toLatin1());
    if (decision.status != 302 || decision.location.isEmpty())
        return 0;
    return send(QUrl(QString::fromUtf8(decision.location))).status;
}

} // namespace RestoreDesk::Bench

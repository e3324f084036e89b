#pragma once

#include "core/networkjob.h"
#include "core/pagetext.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <memory>

namespace RestoreDesk::Arm {

// What a listing's consumer makes of a long list page read from its text (ArmRequest::readPage).
// It is made on the worker that scanned the text, so the page crosses to a worker and back once,
// not once to be scanned and again to be read. Opaque to the transport.
using PageRead = std::shared_ptr<void>;
using PageReader = std::function<PageRead(const PageText &page)>;

// One ARM request: a path under the API base (the api-version is added) or an absolute URL on
// the same origin (a nextLink or a polling header, used exactly as given).
struct ArmRequest
{
    QByteArray method = "GET";
    QString pathOrUrl;
    QString apiVersion;
    QJsonObject body;
    bool sendBody = false;
    // Safe to send again after a lost answer or a 5xx (GET, PUT, DELETE, and a POST that changes
    // nothing). Never for a POST that starts something: ARM promises only that
    // x-ms-client-request-id is echoed, not that a repeat is recognised.
    std::optional<bool> idempotent;
    QString clientRequestId; // empty: a fresh GUID, the same across this request's retries
    QString correlationId; // empty: a fresh GUID; give one to tie several calls together
    Net::Headers headers;
    // A later page of a listing already under way (a nextLink): when every slot is taken it waits
    // ahead of requests that start something new, so listings that have begun finish first.
    bool continuesListing = false;
    // A list page read from its text (ArmResponse::page) when PageText can vouch for it; then
    // `body` stays empty. Otherwise parsed as any answer.
    bool pageText = false;
    // With pageText: run on a long page right after its scan, on the scan's worker; a short page
    // is scanned on the owner's thread and not read. What it returns comes back as
    // ArmResponse::pageRead. A pure function that captures only what it owns: it may run after
    // the request and its owner are gone.
    PageReader readPage;

    static ArmRequest get(const QString &pathOrUrl, const QString &apiVersion)
    {
        ArmRequest r;
        r.pathOrUrl = pathOrUrl;
        r.apiVersion = apiVersion;
        return r;
    }
    bool isIdempotent() const { return idempotent.value_or(method != "POST" && method != "PATCH"); }
};

// One ARM answer: status, parsed body (may be empty), headers, and the ids to quote.
struct ArmResponse
{
    int status = 0;
    QUrl url;
    QJsonObject body;
    std::optional<PageText> page; // a list page read from its text (ArmRequest::pageText)
    PageRead pageRead; // what ArmRequest::readPage made of a long `page`
    Net::Headers headers;
    QString correlationId; // x-ms-correlation-request-id
    QString requestId; // x-ms-request-id
    QString clientRequestId; // ours, as sent
    int attempts = 1;
    QByteArray header(const QByteArray &name) const;
};

// Retry-After (RFC 9110 §10.2.3) as seconds to wait: delay-seconds as given; an HTTP-date less
// the same answer's Date (both read on the server's clock, so a local clock hours off does not
// matter), or less `localNow` only when the answer has no readable Date. Never negative; -1 when
// absent or unreadable. Callers bound it (a longer wait than they allow fails or is shortened).
int retryAfterSeconds(const QByteArray &retryAfter, const QByteArray &date, const QDateTime &localNow);

} // namespace RestoreDesk::Arm

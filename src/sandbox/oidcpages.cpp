// The sandbox issuer's HTML pages: the sign-in page listing the seeded users, and short messages.
#include "sandbox/oidcprovider.h"

namespace RestoreDesk::Sandbox {

namespace {

const char kStyle[]
    = "body{font-family:system-ui,sans-serif;background:#f4f6f9;color:#1d2733;margin:0}"
      "main{max-width:560px;margin:48px auto;background:#fff;border-radius:10px;padding:28px 32px;"
      "box-shadow:0 2px 10px rgba(0,0,0,.08)}h1{font-size:22px;margin:0 0 6px}p{color:#4a5868}"
      "button{display:block;width:100%;text-align:left;margin:10px 0;padding:12px 14px;border:1px solid "
      "#c9d3df;"
      "border-radius:8px;background:#fff;font-size:15px;cursor:pointer}button:hover{border-color:#1f5fa8;"
      "background:#f0f6fd}"
      "button small{display:block;color:#5b6b7c;font-size:12px;margin-top:3px}"
      "button.deny{text-align:center;color:#8a2b2b}.scope{font-family:monospace;font-size:12px;color:#"
      "5b6b7c}";

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

} // namespace

QByteArray OidcProvider::signInPage(const QString &requestId, const QString &scope) const
{
    QString html = QStringLiteral("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                                  "<title>Sign in — Restore Desk sandbox</title><style>")
        + QString::fromLatin1(kStyle) + QStringLiteral("</style></head><body><main>")
        + QStringLiteral("<h1>Sign in to the Restore Desk sandbox</h1>")
        + QStringLiteral("<p>%1 · pick who you are. Every person below has different rights.</p>")
              .arg(esc(m_tenant.tenantName))
        + QStringLiteral("<p class=\"scope\">Requested: %1</p>").arg(esc(scope))
        + QStringLiteral("<form method=\"post\" action=\"%1/authorize/decision\">")
              .arg(esc(QUrl(m_issuer).path()))
        + QStringLiteral("<input type=\"hidden\" name=\"request\" value=\"%1\">").arg(esc(requestId));
    for (const SandboxUser &u : m_tenant.users) {
        const QString roles = u.roleSummary.isEmpty() ? QStringLiteral("No access")
                                                      : u.roleSummary.join(QStringLiteral("; "));
        html += QStringLiteral("<button type=\"submit\" name=\"username\" value=\"%1\" "
                               "data-username=\"%1\">%2 (%1)<small>%3</small></button>")
                    .arg(esc(u.username), esc(u.name), esc(roles));
    }
    html += QStringLiteral(
        "<button type=\"submit\" name=\"deny\" value=\"1\" class=\"deny\">Cancel sign-in</button>"
        "</form></main></body></html>");
    return html.toUtf8();
}

QByteArray OidcProvider::messagePage(const QString &title, const QString &text) const
{
    return (QStringLiteral("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            + esc(title) + QStringLiteral("</title><style>") + QString::fromLatin1(kStyle)
            + QStringLiteral("</style></head><body><main><h1>") + esc(title) + QStringLiteral("</h1><p>")
            + esc(text) + QStringLiteral("</p></main></body></html>"))
        .toUtf8();
}

} // namespace RestoreDesk::Sandbox

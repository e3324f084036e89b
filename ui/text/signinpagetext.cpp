#include "text/signinpagetext.h"

#include "text/errortext.h"

#include <QCoreApplication>

namespace RestoreDesk::Text {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RestoreDesk::SignInPage", text);
}

} // namespace

QString signInPage(const QString &code, const QStringList &args)
{
    if (code == QLatin1String("page_title"))
        return tr("Restore Desk");
    if (code == QLatin1String("signed_in"))
        return tr("Signed in. You can close this tab and return to Restore Desk.");
    if (code == QLatin1String("wrong_path") || code == QLatin1String("wrong_method"))
        return tr("Nothing is served at this address. This sign-in keeps waiting for the identity provider's "
                  "answer.");
    if (code == QLatin1String("state_missing") || code == QLatin1String("state_mismatch"))
        return tr("This answer does not belong to the sign-in in progress; it was not used. Restore Desk "
                  "keeps waiting.");
    if (code == QLatin1String("code_missing"))
        return tr("This answer carries neither an authorization code nor an error; it was not used. Restore "
                  "Desk keeps waiting.");
    if (code == QLatin1String("repeated_parameter") || code == QLatin1String("malformed_request")
        || code == QLatin1String("request_too_large"))
        return tr("This request is malformed; it was not used. Restore Desk keeps waiting.");
    if (code == QLatin1String("sign_in_finished"))
        return tr("This sign-in is already finished; this page was not used.");
    // The sign-in ended with an error: say why, in the console's words.
    Error e = Error::make(Error::Kind::Auth, code, {}, args);
    if (code == QLatin1String("authorization_error") || code == QLatin1String("access_denied"))
        e.args = { args.value(0) };
    return tr("Sign-in failed: %1 Return to Restore Desk to try again.").arg(headline(e));
}

} // namespace RestoreDesk::Text

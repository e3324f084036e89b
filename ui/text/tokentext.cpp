#include "text/tokentext.h"

#include "access/accesscodes.h"
#include "text/claimtext.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>

namespace RestoreDesk::Text {

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("RestoreDesk::Text", text, nullptr, n);
}

#define T(text) QT_TRANSLATE_NOOP("RestoreDesk::Text", text)

const QHash<QString, const char *> &warningSentences()
{
    namespace W = Access::Warnings;
    static const QHash<QString, const char *> s = {
        { W::Expired, T("Expired at %1 (%2 s ago). An API refuses it; sign in again or refresh.") },
        { W::NotYetValid, T("Not valid before %1 (in %2 s). Check this computer's clock and the issuer's.") },
        { W::IatInFuture,
          T("Issued at %1, %2 s in the future. Either a clock is far off or the token was not made by a "
            "careful issuer; do not trust it until that is explained.") },
        { W::ClockSkew,
          T("Its %1 is %2 s ahead of this computer's clock: one of the clocks is off. Tokens can be refused "
            "when the skew grows; check time synchronization.") },
        { W::MissingExp, T("It has no expiry (exp): it would be valid forever. Do not accept such tokens.") },
        { W::LongLifetime,
          T("It lives %1 hours, longer than a day. Short-lived tokens limit the damage of a leak; check the "
            "issuer's token lifetime policy.") },
        { W::ShortLifetime,
          T("It lives only %1 s. Expect frequent refreshes; a clock skew of a few minutes would break it.") },
        { W::InvalidLifetime, T("It expires (%1) before it starts (%2): no one should accept it.") },
        { W::TimeNotNumeric, T("Its %1 is not a number of seconds (NumericDate); most APIs refuse that.") },
        { W::DuplicateKeys,
          T("Its %1 has duplicate keys: %2. Parsers disagree on which value wins (this view, like Qt, shows "
            "the last; others take the first): a known trick to make one component read another claim "
            "than the next. Do not trust this token.") },
        { W::TimeOutOfRange,
          T("Its %1 (%2) is out of any sane range of dates; it is shown clamped to the years 1 to 9999. "
            "A token like that is crafted or broken.") },
        { W::AlgNone, T("It is unsigned (alg none): anyone could have written it. Never trust it.") },
        { W::AlgHmac,
          T("It is signed with %1, a shared-secret algorithm: whoever checks it holds the same secret and "
            "could "
            "have made it. A public client can never verify it.") },
        { W::UnusualAlg,
          T("It is signed with %1, which is not in this client's list of accepted algorithms.") },
        { W::AudienceNotApi,
          T("It is for %1, not for this profile's API (%2): the API will refuse it. Check the scopes the "
            "profile "
            "asks for.") },
        { W::GroupOverage,
          T("Group overage: the identity is in more groups than fit in a token, so the groups claim is left "
            "out "
            "and only points to where to fetch them (%1). Role assignments through groups still work in "
            "Azure; "
            "to see the groups, ask Microsoft Graph (getMemberObjects), or have the app emit only assigned "
            "groups.") },
        { QStringLiteral("group_overage/no_source"),
          T("Group overage: the identity is in more groups than fit in a token, so the groups claim is left "
            "out. "
            "Role assignments through groups still work in Azure; to see the groups, ask Microsoft Graph "
            "(getMemberObjects), or have the app emit only assigned groups.") },
        { W::GroupsDropped,
          T("The groups were left out of the token (hasgroups, implicit flow). Ask Microsoft Graph for the "
            "identity's groups, or use the authorization code flow.") },
    };
    return s;
}

const QHash<QString, const char *> &signatureSentences()
{
    namespace R = Access::SignatureReasons;
    static const QHash<QString, const char *> s = {
        { R::KeysNotFetched,
          T("Not checked: decoding never contacts anyone. Ask to verify to fetch %1's discovery document and "
            "keys.") },
        { R::AccessTokenForApi,
          T("Not verified by this client: it is an access token for %1, meant to be checked only by that API "
            "(Entra's cannot be checked by anyone else at all). Its claims are shown as they are, "
            "unverified.") },
        { R::HmacSharedSecret,
          T("Not verifiable by this client: %1 needs the shared secret, which a public client does not "
            "hold.") },
        { R::KeysOfOtherIssuer,
          T("Not verifiable with these keys: the token is from %1, the keys are %2's.") },
        { R::Unsigned, T("Failed: the token is unsigned (alg none).") },
        { R::SignatureMissing, T("Failed: the token has no signature.") },
        { QStringLiteral("alg_not_allowed"),
          T("Failed: its algorithm %1 is not one this client accepts for this issuer.") },
        { QStringLiteral("alg_none"), T("Failed: the token is unsigned (alg none).") },
        { QStringLiteral("alg_hmac"), T("Failed: %1 is a shared-secret algorithm, never accepted.") },
        { QStringLiteral("unknown_kid"),
          T("Failed: none of the issuer's keys has the id \"%2\". The keys may have rotated, or the token is "
            "not "
            "from this issuer.") },
        { QStringLiteral("key_mismatch"), T("Failed: the key \"%2\" does not fit algorithm %1.") },
        { QStringLiteral("bad_signature"),
          T("Failed: the signature does not match the issuer's key; the token was altered or forged.") },
        { QStringLiteral("crypto_unavailable"),
          T("Not verifiable here: OpenSSL's libcrypto, which checks signatures, could not be loaded.") },
    };
    return s;
}
#undef T

} // namespace

QString fillPlaceholders(const QString &sentence, const QStringList &args)
{
    // One pass, by position: "%2" is always args[1], whatever the sentence uses, and an
    // argument that itself contains "%1" is never substituted again.
    QString out;
    out.reserve(sentence.size());
    for (qsizetype i = 0; i < sentence.size(); ++i) {
        const QChar c = sentence.at(i);
        if (c == QLatin1Char('%') && i + 1 < sentence.size() && sentence.at(i + 1).isDigit()
            && sentence.at(i + 1) != QLatin1Char('0')) {
            const int index = sentence.at(i + 1).digitValue() - 1;
            out += args.value(index);
            ++i;
        } else {
            out += c;
        }
    }
    return out;
}

namespace {

QString fill(const QString &sentence, const QStringList &args)
{
    return fillPlaceholders(sentence, args);
}

} // namespace

QString warningText(const Access::TokenWarning &w)
{
    const bool noSource = w.code == Access::Warnings::GroupOverage && w.args.value(0).isEmpty();
    const char *text
        = warningSentences().value(noSource ? QStringLiteral("group_overage/no_source") : w.code, nullptr);
    if (!text)
        return w.code;
    // Fill only as many places as the sentence has, so a missing arg never shows "%2".
    return fill(tr(text), w.args);
}

QString severityName(Access::TokenWarning::Severity severity)
{
    switch (severity) {
    case Access::TokenWarning::Severity::Info:
        return tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "note"));
    case Access::TokenWarning::Severity::Warning:
        return tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "warning"));
    case Access::TokenWarning::Severity::Critical:
        return tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "danger"));
    }
    return {};
}

QString signatureStateName(Access::SignatureStatus::State state)
{
    switch (state) {
    case Access::SignatureStatus::State::NotChecked:
        return tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "not checked"));
    case Access::SignatureStatus::State::Verified:
        return tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "verified"));
    case Access::SignatureStatus::State::NotVerifiable:
        return tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "not verifiable by this client"));
    case Access::SignatureStatus::State::Failed:
        return tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "failed"));
    }
    return {};
}

QString signatureText(const Access::SignatureStatus &s)
{
    if (s.state == Access::SignatureStatus::State::Verified) {
        const QString kid
            = s.keyId.isEmpty() ? tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "(no key id)")) : s.keyId;
        return tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "Verified against %1's keys (key %2)."))
            .arg(s.args.value(0), kid);
    }
    const char *text = signatureSentences().value(s.reason, nullptr);
    if (!text)
        return signatureStateName(s.state)
            + (s.detail.isEmpty() ? QString() : QStringLiteral(": ") + s.detail);
    return fill(tr(text), s.args);
}

QString durationText(qint64 seconds)
{
    const qint64 s = seconds < 0 ? -seconds : seconds;
    if (s < 90)
        return tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "%n s"), int(s));
    // Rounded to the nearest unit: 719 s reads "12 min", as a person would say it.
    if (s < 90 * 60)
        return tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "%n min"), int((s + 30) / 60));
    if (s < 48 * 3600)
        return tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "%n h"), int((s + 1800) / 3600));
    return tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "%n day(s)"), int((s + 43200) / 86400));
}

QString relativeText(qint64 secondsFromNow)
{
    return secondsFromNow >= 0
        ? tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "in %1")).arg(durationText(secondsFromNow))
        : tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "%1 ago")).arg(durationText(secondsFromNow));
}

QString timeClaimPhrase(const QString &claim, qint64 secondsFromNow)
{
    const QString d = durationText(secondsFromNow);
    const bool future = secondsFromNow > 0;
    if (claim == QLatin1String("exp"))
        return future ? tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "expires in %1")).arg(d)
                      : tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "expired %1 ago")).arg(d);
    if (claim == QLatin1String("nbf"))
        return future ? tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "valid in %1")).arg(d)
                      : tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "valid since %1 ago")).arg(d);
    if (claim == QLatin1String("iat"))
        return future ? tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "issued %1 in the future")).arg(d)
                      : tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "issued %1 ago")).arg(d);
    if (claim == QLatin1String("auth_time") && !future)
        return tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "signed in %1 ago")).arg(d);
    return relativeText(secondsFromNow);
}

QString timeClaimText(const Access::ClaimEntry &e)
{
    if (e.kind != Access::ClaimEntry::Kind::Time)
        return {};
    return tr(QT_TRANSLATE_NOOP("RestoreDesk::Text", "%1 UTC (%2 local), %3"))
        .arg(e.time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
             e.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
             timeClaimPhrase(e.claim, e.secondsFromNow));
}

QString ticketCopy(const Access::TokenInspection &t)
{
    QString text
        = tr(QT_TRANSLATE_NOOP("RestoreDesk::Text",
                               "# Decoded JWT for a ticket: the SIGNATURE WAS REMOVED, this is not a usable "
                               "token.\n# %1, signature %2.\n"))
              .arg(tokenKindText(t), signatureStateName(t.signature.state));
    text += QString::fromUtf8(QJsonDocument(t.ticketJson()).toJson(QJsonDocument::Indented));
    return text;
}

} // namespace RestoreDesk::Text

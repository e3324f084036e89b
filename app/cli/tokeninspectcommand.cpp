#include "tokeninspectcommand.h"

#include "access/accesscodes.h"
#include "access/tokeninspection.h"
#include "auth/discovery.h"
#include "authcommands.h"
#include "clisession.h"
#include "jose/jwssignature.h"
#include "text/claimtext.h"
#include "text/errortext.h"
#include "text/tokentext.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>

namespace RestoreDesk::Cli {

namespace {

// More than any token can be: a bigger input is refused without being held in full.
constexpr qint64 kMaxInput = 1024 * 1024;

QString compact(const QJsonValue &v)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QString stateKey(Access::SignatureStatus::State state)
{
    switch (state) {
    case Access::SignatureStatus::State::NotChecked:
        return QStringLiteral("not_checked");
    case Access::SignatureStatus::State::Verified:
        return QStringLiteral("verified");
    case Access::SignatureStatus::State::NotVerifiable:
        return QStringLiteral("not_verifiable");
    case Access::SignatureStatus::State::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QString severityKey(Access::TokenWarning::Severity severity)
{
    switch (severity) {
    case Access::TokenWarning::Severity::Info:
        return QStringLiteral("info");
    case Access::TokenWarning::Severity::Warning:
        return QStringLiteral("warning");
    case Access::TokenWarning::Severity::Critical:
        return QStringLiteral("critical");
    }
    return {};
}

QString useKey(Access::TokenUse use)
{
    switch (use) {
    case Access::TokenUse::Unknown:
        return QStringLiteral("unknown");
    case Access::TokenUse::IdToken:
        return QStringLiteral("id_token");
    case Access::TokenUse::AccessToken:
        return QStringLiteral("access_token");
    case Access::TokenUse::WorkloadToken:
        return QStringLiteral("workload_token");
    }
    return {};
}

QJsonObject claimObject(const Access::TokenInspection &t, const Access::ClaimEntry &e)
{
    QJsonObject o { { QStringLiteral("value"), e.value },
                    { QStringLiteral("meaning"), Text::claimMeaning(t.flavour, e) } };
    const QString note = Text::claimValueNote(t.flavour, e);
    if (!note.isEmpty())
        o.insert(QStringLiteral("note"), note);
    if (e.kind == Access::ClaimEntry::Kind::Time) {
        o.insert(QStringLiteral("utc"), e.time.toUTC().toString(Qt::ISODate));
        o.insert(QStringLiteral("relative"), Text::timeClaimPhrase(e.claim, e.secondsFromNow));
    }
    return o;
}

QJsonObject toJson(const Access::TokenInspection &t, const QString &keysSource)
{
    QJsonObject header;
    QJsonObject claims;
    QJsonObject nested; // meanings of nested paths ("realm_access.roles")
    for (const Access::ClaimEntry &e : t.entries) {
        if (e.depth == 0)
            (e.section == Access::ClaimEntry::Section::Header ? header : claims)
                .insert(e.name, claimObject(t, e));
        else if (e.section == Access::ClaimEntry::Section::Payload && !e.path.endsWith(QLatin1Char(']'))) {
            const QString meaning = Text::claimMeaning(t.flavour, e);
            if (!meaning.isEmpty())
                nested.insert(e.path, meaning);
        }
    }
    QJsonArray warnings;
    for (const Access::TokenWarning &w : t.warnings)
        warnings.append(QJsonObject { { QStringLiteral("code"), w.code },
                                      { QStringLiteral("severity"), severityKey(w.severity) },
                                      { QStringLiteral("args"), QJsonArray::fromStringList(w.args) },
                                      { QStringLiteral("message"), Text::warningText(w) } });
    QJsonObject verification { { QStringLiteral("status"), stateKey(t.signature.state) },
                               { QStringLiteral("reason"),
                                 t.signature.reason.isEmpty() ? QJsonValue()
                                                              : QJsonValue(t.signature.reason) },
                               { QStringLiteral("message"), Text::signatureText(t.signature) } };
    if (!t.signature.keyId.isEmpty())
        verification.insert(QStringLiteral("keyId"), t.signature.keyId);
    if (!keysSource.isEmpty())
        verification.insert(QStringLiteral("keys"), keysSource);
    return QJsonObject { { QStringLiteral("kind"),
                           QJsonObject { { QStringLiteral("use"), useKey(t.use) },
                                         { QStringLiteral("issuerFlavour"), Text::flavourName(t.flavour) },
                                         { QStringLiteral("text"), Text::tokenKindText(t) } } },
                         { QStringLiteral("header"), header },
                         { QStringLiteral("claims"), claims },
                         { QStringLiteral("nestedMeanings"), nested },
                         { QStringLiteral("warnings"), warnings },
                         { QStringLiteral("verification"), verification },
                         { QStringLiteral("verified"),
                           t.signature.state == Access::SignatureStatus::State::Verified } };
}

void printText(QTextStream &out, const Access::TokenInspection &t)
{
    out << Text::tokenKindText(t) << ", from " << t.issuer() << '\n';
    out << "Signature: " << Text::signatureText(t.signature) << '\n';
    if (!t.warnings.isEmpty()) {
        out << "\nWarnings\n";
        for (const Access::TokenWarning &w : t.warnings)
            out << "  [" << Text::severityName(w.severity) << "] " << Text::warningText(w) << '\n';
    }
    Access::ClaimEntry::Section section = Access::ClaimEntry::Section::Payload;
    bool first = true;
    for (const Access::ClaimEntry &e : t.entries) {
        if (first || e.section != section) {
            out << (e.section == Access::ClaimEntry::Section::Header ? "\nHeader\n" : "\nClaims\n");
            section = e.section;
            first = false;
        }
        const QString indent(2 + 2 * e.depth, QLatin1Char(' '));
        const bool element = e.name.startsWith(QLatin1Char('['));
        QString line = indent + (element ? QStringLiteral("- ") : e.name + QStringLiteral(":"));
        if (e.kind == Access::ClaimEntry::Kind::Time)
            line += QLatin1Char(' ') + compact(e.value) + QStringLiteral(" = ") + Text::timeClaimText(e);
        else if (e.kind != Access::ClaimEntry::Kind::Array && e.kind != Access::ClaimEntry::Kind::Object)
            line += (element ? QString() : QStringLiteral(" ")) + compact(e.value);
        const QString note = Text::claimValueNote(t.flavour, e);
        if (!note.isEmpty())
            line += QStringLiteral(" (") + note + QLatin1Char(')');
        const QString meaning = Text::claimMeaning(t.flavour, e);
        if (!meaning.isEmpty())
            line += QStringLiteral("  — ") + meaning;
        out << line << '\n';
    }
}

// --verify without --jwks: the token's own issuer's discovery document and JWKS, and nothing else,
// through Discovery (HTTPS or a loopback issuer only; the metadata's issuer must equal `iss`; an
// unknown kid re-fetches the keys once). Ok, or the exit code after saying why on stderr.
int verifyWithIssuer(Context &ctx, Access::TokenInspection &t, const QString &caBundle, QString *keysSource)
{
    const QString issuer = t.issuer();
    if (issuer.isEmpty()) {
        ctx.err << "token inspect: the token names no issuer (iss), so there are no keys to fetch; pass "
                   "--jwks FILE\n";
        return Failure;
    }
    QNetworkAccessManager nam;
    Net::Transport transport;
    transport.nam = &nam;
    if (!caBundle.isEmpty()) {
        auto tls = Net::Transport::tlsWithBundle(caBundle);
        if (!tls) {
            ctx.err << "token inspect: --ca-bundle: " << Text::describe(tls.error()) << '\n';
            return Usage;
        }
        transport.tls = tls.value();
    }
    Auth::Discovery discovery(transport, systemClock());
    auto provider = waitFor<Auth::ProviderMetadata>([&](auto done) { discovery.fetch(issuer, done); });
    if (!provider) {
        ctx.err << "token inspect: the keys of " << issuer
                << " could not be fetched: " << Text::describe(provider.error()) << '\n';
        return Failure;
    }
    auto keysOf = [&issuer](const Auth::ProviderMetadata &m) {
        Access::SignatureKeys keys;
        keys.issuer = issuer; // Discovery held the metadata's issuer to this one
        keys.keys = m.keys;
        keys.algorithms = Jose::supportedAlgorithms();
        return keys;
    };
    const Access::SignatureStatus unchecked = t.signature;
    t.signature = Access::verifySignature(t, keysOf(provider.value()));
    if (t.signature.state == Access::SignatureStatus::State::Failed
        && t.signature.reason == Jose::Codes::UnknownKid) {
        // The issuer may have rotated its keys since they were published with this document.
        const auto fresh
            = waitFor<Auth::ProviderMetadata>([&](auto done) { discovery.refreshKeys(issuer, done); });
        if (fresh) {
            t.signature = unchecked;
            t.signature = Access::verifySignature(t, keysOf(fresh.value()));
        }
    }
    *keysSource = provider->jwksUri.toString();
    return Ok;
}

} // namespace

int runTokenInspect(Context &ctx, const GlobalOptions &options)
{
    const bool verify = ctx.parser
        && (ctx.parser->isSet(QStringLiteral("verify")) || ctx.parser->isSet(QStringLiteral("jwks")));
    const QString jwksPath = ctx.parser ? ctx.parser->value(QStringLiteral("jwks")) : QString();
    QByteArray token;
    if (ctx.args.isEmpty()) {
        token = qgetenv("RESTOREDESK_ACCESS_TOKEN");
        if (token.isEmpty()) {
            ctx.err
                << "token inspect: give a token, '-' for standard input, or set RESTOREDESK_ACCESS_TOKEN\n";
            return Usage;
        }
    } else if (ctx.args.size() == 1 && ctx.args.first() == QLatin1String("-")) {
        auto input = readStandardInput(kMaxInput);
        if (!input) {
            ctx.err << "token inspect: " << standardInputError(input.error()) << '\n';
            return Failure;
        }
        token = std::move(input).value();
    } else if (ctx.args.size() == 1) {
        token = ctx.args.first().toUtf8();
    } else {
        ctx.err << "token inspect: one token at a time\n";
        return Usage;
    }
    Access::InspectOptions inspectOptions;
    // Only a profile named on the command line: inspecting stays local and needs none.
    if (!options.profile.isEmpty() || !options.issuer.isEmpty()) {
        const auto profile = resolveProfile(options);
        if (!profile) {
            ctx.err << "token inspect: " << Text::describe(profile.error()) << '\n';
            return Usage;
        }
        inspectOptions.apiAudience = profile->apiAudience;
    }
    auto inspection = Access::inspectToken(token, inspectOptions);
    if (!inspection) {
        ctx.err << "token inspect: " << Text::describe(inspection.error()) << '\n';
        return Usage;
    }
    Access::TokenInspection t = std::move(inspection).value();
    QString keysSource = jwksPath;
    // Fetch only what can still decide: an unsigned, HMAC or other API's token is settled already.
    const bool undecided = t.signature.state == Access::SignatureStatus::State::NotChecked;
    if (verify && jwksPath.isEmpty() && undecided) {
        const QString caBundle = ctx.parser->value(QStringLiteral("ca-bundle"));
        if (const int failed = verifyWithIssuer(ctx, t, caBundle, &keysSource); failed != Ok)
            return failed;
    } else if (verify && !jwksPath.isEmpty()) {
        QFile file(jwksPath);
        if (!file.open(QIODevice::ReadOnly)) {
            ctx.err << "token inspect: " << jwksPath << " could not be read: " << file.errorString() << '\n';
            return Failure;
        }
        auto keys = Jose::JwkSet::fromJson(file.read(kMaxInput));
        if (!keys) {
            ctx.err << "token inspect: " << jwksPath << " is not a key set: " << Text::describe(keys.error())
                    << '\n';
            return Failure;
        }
        // The operator vouches that the file holds this issuer's keys; the check itself is the
        // same one sign-in uses (algorithm allow-list, kid lookup, key fit, signature).
        Access::SignatureKeys signatureKeys;
        signatureKeys.issuer = t.issuer();
        signatureKeys.keys = keys.value();
        signatureKeys.algorithms = Jose::supportedAlgorithms();
        t.signature = Access::verifySignature(t, signatureKeys);
    }
    if (ctx.output == OutputFormat::Json)
        ctx.out << QJsonDocument(toJson(t, verify ? keysSource : QString())).toJson(QJsonDocument::Indented);
    else
        printText(ctx.out, t);
    if (verify && t.signature.reason == Jose::Codes::CryptoUnavailable)
        return Failure; // nothing could be checked here: as when the keys could not be fetched
    return t.signature.state == Access::SignatureStatus::State::Failed && verify ? AuthFailed : Ok;
}

} // namespace RestoreDesk::Cli

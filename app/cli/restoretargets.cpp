#include "restoretargets.h"

#include "apirun.h"
#include "backup/restoreerrors.h"
#include "backup/restoretargetscheck.h"
#include "text/errortext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace RestoreDesk::Cli {

using Backup::RestoreRequest;

namespace {

QJsonObject problemJson(const RestoreRequest::Problem &p, bool blocking)
{
    return QJsonObject { { QStringLiteral("field"), RestoreRequest::fieldKey(p.field) },
                         { QStringLiteral("code"), p.error.code },
                         { QStringLiteral("message"), Text::headline(p.error) },
                         { QStringLiteral("blocking"), blocking } };
}

} // namespace

QString targetSubscriptionOption()
{
    return QStringLiteral("target-subscription");
}

Result<QString> targetSubscriptionFrom(const QString &typed)
{
    QString id = typed.trimmed();
    if (id.startsWith(QLatin1String("/subscriptions/"), Qt::CaseInsensitive))
        id = id.mid(int(qstrlen("/subscriptions/")));
    while (id.endsWith(QLatin1Char('/')))
        id.chop(1);
    if (id.size() != 36 || QUuid::fromString(id).isNull())
        return Error::make(Error::Kind::Invalid, QStringLiteral("usage"),
                           QStringLiteral("--%1 needs a subscription id (a GUID, or /subscriptions/GUID)")
                               .arg(targetSubscriptionOption()));
    return QStringLiteral("/subscriptions/") + id.toLower();
}

int checkRestoreTargets(Context &ctx, ApiRun &run, Backup::RestoreService &service,
                        const RestoreRequest &request, QObject *owner)
{
    const QString prefix = QStringLiteral("restoredesk-cli restore: ");
    const auto checked = run.get<Backup::RestoreTargetsReport>(
        [&](auto done) { Backup::RestoreTargetsCheck::start(&service, request, owner, done); });
    if (!checked) // only a cancellation: nothing was checked, so nothing is sent
        return run.say(QStringLiteral("checking the targets"), checked.error());
    const Backup::RestoreTargetsReport &report = checked.value();
    for (const RestoreRequest::Problem &p : report.notes())
        ctx.err << prefix << "note: --" << RestoreRequest::fieldKey(p.field) << ": "
                << oneLine(Text::headline(p.error)) << '\n';
    if (report.validateError)
        ctx.err << prefix << "note: the service's own check could not run: "
                << oneLine(Text::headline(*report.validateError)) << '\n';
    if (!report.blocks())
        return Ok;

    QJsonArray problems;
    for (const RestoreRequest::Problem &p : report.blocking()) {
        ctx.err << prefix << "--" << RestoreRequest::fieldKey(p.field) << ": "
                << oneLine(Text::headline(p.error)) << '\n';
        problems.append(problemJson(p, true));
    }
    QJsonArray findings;
    for (const Backup::ArmError &e : report.findings) {
        ctx.err << prefix << "the service's check: " << e.code << " — " << oneLine(e.message) << '\n';
        findings.append(
            QJsonObject { { QStringLiteral("code"), e.code }, { QStringLiteral("message"), e.message } });
    }
    for (const RestoreRequest::Problem &p : report.notes())
        problems.append(problemJson(p, false));
    ctx.err << prefix << "nothing was sent (see restoredesk-cli restore --help)\n";
    if (run.json()) {
        const QString code = Backup::Codes::RestoreTargetsRefused;
        const Error e = Error::make(Error::Kind::Invalid, code, {},
                                    { QString::number(report.blocking().size() + report.findings.size()) });
        const QJsonObject out { { QStringLiteral("itemId"), request.itemId },
                                { QStringLiteral("itemName"), request.itemName },
                                { QStringLiteral("pointId"), request.pointId },
                                { QStringLiteral("mode"), RestoreRequest::modeKey(request.mode) },
                                { QStringLiteral("status"), QStringLiteral("NotSent") },
                                { QStringLiteral("error"),
                                  QJsonObject { { QStringLiteral("code"), code },
                                                { QStringLiteral("message"), Text::headline(e) },
                                                { QStringLiteral("problems"), problems },
                                                { QStringLiteral("serviceFindings"), findings } } } };
        ctx.out << QJsonDocument(out).toJson(QJsonDocument::Indented);
    }
    return Failure;
}

} // namespace RestoreDesk::Cli

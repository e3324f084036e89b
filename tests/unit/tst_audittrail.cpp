// The recorder's contract for actions: requested() is an Error (and the trail says so) whenever the
// record is not on disk — a full disk, an empty identity — and the first record after the outage is
// preceded by an integrity record of the failed period, whether an action or check() writes first.
// Identity::fromClaims is the one mapping of a session's claims.
#include "audit/auditerrors.h"
#include "audit/audittrail.h"
#include "audit/filelock.h"
#include "audit/logfiles.h"
#include "audit/verifier.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Audit;

namespace {

const Identity kOscar { QStringLiteral("https://idp.test"), QStringLiteral("sub-1"), QStringLiteral("oid-1"),
                        QStringLiteral("oscar@test"), QStringLiteral("tenant-1") };
const QString kItem = QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/"
                                     "Microsoft.RecoveryServices/vaults/v/items/1");

QList<Record> readAll(const QString &path)
{
    QList<Record> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (!line.isEmpty())
            out << Record::parse(line).value();
    }
    return out;
}

} // namespace

class TestAuditTrail : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fullDiskRefusesTheActionAndSaysSo();
    void firstActionAfterTheOutageIsPrecededByItsNote();
    void checkAgainClearsByItself();
    void actionWithoutIdentityIsRefused();
    void busyLogRefusesTheActionQuickly();
    void identityFromClaims_data();
    void identityFromClaims();
};

// /dev/full opens, says it is writable, and fails every write with ENOSPC: a disk that is full.
void TestAuditTrail::fullDiskRefusesTheActionAndSaysSo()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    QVERIFY(QFile::link(QStringLiteral("/dev/full"), path));
    AuditTrail trail(std::make_unique<AuditLog>(path));
    QSignalSpy writable(&trail, &AuditTrail::writableChanged);
    QSignalSpy failed(&trail, &AuditTrail::failed);
    QVERIFY(trail.check().ok()); // it opens: only a write tells
    QVERIFY(trail.isWritable());

    const auto ref = trail.requested(EventType::Restore, kOscar, kItem, {}, QStringLiteral("drill"));
    QVERIFY(!ref.ok());
    QCOMPARE(ref.error().code, QString(Audit::Codes::WriteFailed));
    QVERIFY2(ref.error().detail.contains(QStringLiteral("No space left")), qPrintable(ref.error().detail));
    QVERIFY(!trail.isWritable());
    QCOMPARE(trail.lastError()->code, QString(Audit::Codes::WriteFailed));
    QCOMPARE(writable.count(), 1);
    QCOMPARE(writable.first().first().toBool(), false);
    QCOMPARE(failed.count(), 1);

    // Asking again asks the disk again (no answer from memory), and fails again.
    QVERIFY(!trail.requested(EventType::JobCancel, kOscar, kItem, {}, {}).ok());
    QVERIFY(!trail.check().ok()); // after failed writes, only a record on disk proves anything
    QCOMPARE(trail.failedWrites(), 2);
    QCOMPARE(writable.count(), 1);
}

void TestAuditTrail::firstActionAfterTheOutageIsPrecededByItsNote()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    QVERIFY(QFile::link(QStringLiteral("/dev/full"), path));
    AuditTrail trail(std::make_unique<AuditLog>(path));
    QVERIFY(!trail.requested(EventType::Restore, kOscar, kItem, {}, {}).ok());
    QVERIFY(!trail.event(EventType::TokenRefresh, Outcome::Succeeded, kOscar).ok());
    QSignalSpy writable(&trail, &AuditTrail::writableChanged);
    QSignalSpy recorded(&trail, &AuditTrail::recorded);

    QVERIFY(QFile::remove(path)); // space again
    const auto ref = trail.requested(EventType::Restore, kOscar, kItem, {}, QStringLiteral("retry"));
    QVERIFY(ref.ok());
    QCOMPARE(writable.count(), 1);
    QCOMPARE(writable.first().first().toBool(), true);
    QVERIFY(trail.isWritable());
    QCOMPARE(recorded.count(), 2);

    const QList<Record> records = readAll(path);
    QCOMPARE(records.size(), 2);
    QCOMPARE(records.at(0).type, QString(EventType::Integrity));
    QCOMPARE(records.at(0).params.value(QStringLiteral("kind")).toString(), QStringLiteral("write-resumed"));
    QCOMPARE(records.at(0).params.value(QStringLiteral("failedWrites")).toInt(), 2);
    QCOMPARE(records.at(0).params.value(QStringLiteral("error")).toString(),
             QString(Audit::Codes::WriteFailed));
    QVERIFY(QDateTime::fromString(records.at(0).params.value(QStringLiteral("since")).toString(),
                                  Qt::ISODateWithMs)
                .isValid());
    QCOMPARE(records.at(1).outcome, QString(Outcome::Requested));
    QCOMPARE(ref->seq, 2);
    QVERIFY(verifyLog(path)->intact());

    // Once written, the period is closed: the next record comes alone.
    QVERIFY(trail.outcome(ref.value(), Outcome::Accepted, { QStringLiteral("corr-1") }).ok());
    QCOMPARE(readAll(path).size(), 3);
}

void TestAuditTrail::checkAgainClearsByItself()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    QVERIFY(QFile::link(QStringLiteral("/dev/full"), path));
    AuditTrail trail(std::make_unique<AuditLog>(path));
    trail.setRecheckInterval(50);
    QVERIFY(!trail.requested(EventType::Restore, kOscar, kItem, {}, {}).ok());
    QTest::qWait(200); // rechecks while still full change nothing and count no failed write
    QVERIFY(!trail.isWritable());
    QCOMPARE(trail.failedWrites(), 1);

    QVERIFY(QFile::remove(path));
    QTRY_VERIFY(trail.isWritable()); // no action needed to find out
    const QList<Record> records = readAll(path);
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.first().params.value(QStringLiteral("kind")).toString(),
             QStringLiteral("write-resumed"));
    QCOMPARE(records.first().params.value(QStringLiteral("failedWrites")).toInt(), 1);
}

void TestAuditTrail::actionWithoutIdentityIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    AuditTrail trail(std::make_unique<AuditLog>(path));
    const Identity issuerOnly { QStringLiteral("https://idp.test"), {}, {}, {}, {} };
    const auto ref = trail.requested(EventType::Restore, issuerOnly, kItem, {}, {});
    QVERIFY(!ref.ok());
    QCOMPARE(ref.error().code, QString(Audit::Codes::NoIdentity));
    QCOMPARE(ref.error().args, QStringList { QStringLiteral("restore") });
    QVERIFY(!QFile::exists(path));
    QVERIFY(trail.isWritable()); // the log is fine; the caller was wrong
    // Events name whoever there is (a sign-in is requested by nobody yet).
    QVERIFY(trail.event(EventType::SignIn, Outcome::Requested, issuerOnly, issuerOnly.issuer).ok());
}

// Another process holds the lock (a long append, a stuck writer): the GUI's short wait ends in a
// "busy" refusal, as for a full disk, and the log takes records once the lock is free.
void TestAuditTrail::busyLogRefusesTheActionQuickly()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    AuditLog::Options options;
    options.lockTimeoutMs = AuditLog::kInteractiveLockTimeoutMs;
    QVERIFY(options.lockTimeoutMs <= 2000);
    AuditTrail trail(std::make_unique<AuditLog>(path, options));
    QVERIFY(trail.check().ok());
    {
        auto held = FileLock::acquire(LogFiles(path).lock(), 1000);
        QVERIFY(held.ok());
        QElapsedTimer waited;
        waited.start();
        const auto ref = trail.requested(EventType::Restore, kOscar, kItem, {}, QStringLiteral("drill"));
        QVERIFY(!ref.ok());
        QCOMPARE(ref.error().code, QString(Audit::Codes::Busy));
        QVERIFY2(waited.elapsed() < 5000, qPrintable(QString::number(waited.elapsed())));
        QVERIFY(waited.elapsed() >= options.lockTimeoutMs - 50);
        QVERIFY(!trail.isWritable());
        QCOMPARE(trail.lastError()->code, QString(Audit::Codes::Busy));
    }
    QVERIFY(readAll(path).isEmpty()); // nothing was written while it was busy
    QVERIFY(trail.requested(EventType::Restore, kOscar, kItem, {}, QStringLiteral("drill")).ok());
    QVERIFY(trail.isWritable());
}

void TestAuditTrail::identityFromClaims_data()
{
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<QStringList>("expected"); // issuer, subject, objectId, username, tenant

    QTest::newRow("entra: every claim")
        << QJsonObject { { "iss", "https://login.test/t1/v2.0" },
                         { "sub", "s1" },
                         { "oid", "o1" },
                         { "preferred_username", "carla@test" },
                         { "upn", "other@test" },
                         { "tid", "t1" },
                         { "name", "Carla" },
                         { "nonce", "n" } }
        << QStringList { "https://login.test/t1/v2.0", "s1", "o1", "carla@test", "t1" };
    QTest::newRow("upn when no preferred_username")
        << QJsonObject { { "iss", "https://idp" }, { "sub", "s1" }, { "upn", "u@test" } }
        << QStringList { "https://idp", "s1", "", "u@test", "" };
    QTest::newRow("saved claims without iss or sub: the profile's issuer and the session's subject")
        << QJsonObject { { "oid", "o1" } }
        << QStringList { "https://profile-issuer", "saved-sub", "o1", "", "" };
    QTest::newRow("no claims") << QJsonObject {}
                               << QStringList { "https://profile-issuer", "saved-sub", "", "", "" };
}

void TestAuditTrail::identityFromClaims()
{
    QFETCH(QJsonObject, claims);
    QFETCH(QStringList, expected);
    const Identity id
        = Identity::fromClaims(claims, QStringLiteral("https://profile-issuer"), QStringLiteral("saved-sub"));
    QCOMPARE((QStringList { id.issuer, id.subject, id.objectId, id.username, id.tenant }), expected);
    QVERIFY(!id.toJson().contains(QStringLiteral("name"))); // nothing else of the token is kept
}

QTEST_GUILESS_MAIN(TestAuditTrail)
#include "tst_audittrail.moc"

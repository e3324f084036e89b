#include "access/actionpattern.h"
#include "access/armscope.h"
#include "access/permissionevaluator.h"

#include <QTest>

using namespace RestoreDesk::Access;

class TestAccess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void actionMatching_data();
    void actionMatching();
    void scopes_data();
    void scopes();
    void builtInRolesAreComplete();
    void evaluation_data();
    void evaluation();
    void notActionsAreNotDenies();
};

void TestAccess::actionMatching_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("action");
    QTest::addColumn<bool>("matches");
    QTest::newRow("exact") << "Microsoft.RecoveryServices/Vaults/read"
                           << "Microsoft.RecoveryServices/Vaults/read" << true;
    QTest::newRow("case") << "Microsoft.RecoveryServices/Vaults/read"
                          << "microsoft.recoveryservices/vaults/READ" << true;
    QTest::newRow("tail star") << "Microsoft.RecoveryServices/Vaults/backupJobs/*"
                               << "Microsoft.RecoveryServices/Vaults/backupJobs/cancel/action" << true;
    QTest::newRow("star spans slashes")
        << "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/*"
        << "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/"
           "recoveryPoints/restore/action"
        << true;
    QTest::newRow("middle star") << "Microsoft.Authorization/*/read"
                                 << "Microsoft.Authorization/roleAssignments/read" << true;
    QTest::newRow("middle star no match") << "Microsoft.Authorization/*/read"
                                          << "Microsoft.Authorization/roleAssignments/write" << false;
    QTest::newRow("leading star") << "*/read"
                                  << "Microsoft.Insights/eventtypes/values/read" << true;
    QTest::newRow("all") << "*"
                         << "anything/at/all" << true;
    QTest::newRow("prefix only") << "Microsoft.RecoveryServices/Vaults/read"
                                 << "Microsoft.RecoveryServices/Vaults/readX" << false;
    QTest::newRow("other provider") << "Microsoft.RecoveryServices/*"
                                    << "Microsoft.Compute/virtualMachines/read" << false;
    QTest::newRow("two stars") << "Microsoft.*/*/read"
                               << "Microsoft.Storage/storageAccounts/read" << true;
    QTest::newRow("empty pattern") << ""
                                   << "x" << false;
}

void TestAccess::actionMatching()
{
    QFETCH(QString, pattern);
    QFETCH(QString, action);
    QFETCH(bool, matches);
    QCOMPARE(actionMatches(pattern, action), matches);
}

void TestAccess::scopes_data()
{
    QTest::addColumn<QString>("outer");
    QTest::addColumn<QString>("inner");
    QTest::addColumn<bool>("contains");
    QTest::newRow("root") << "/"
                          << "/subscriptions/a" << true;
    QTest::newRow("same, other case") << "/subscriptions/A/resourceGroups/RG"
                                      << "/subscriptions/a/resourcegroups/rg/" << true;
    QTest::newRow("parent") << "/subscriptions/a"
                            << "/subscriptions/a/resourceGroups/rg" << true;
    QTest::newRow("sibling prefix") << "/subscriptions/a/resourceGroups/rg"
                                    << "/subscriptions/a/resourceGroups/rg2" << false;
    QTest::newRow("child does not contain parent") << "/subscriptions/a/resourceGroups/rg"
                                                   << "/subscriptions/a" << false;
    // As normalizeScope() reads scopes: trimmed, trailing slashes dropped, a leading one assumed.
    QTest::newRow("empty is the root") << ""
                                       << "/subscriptions/a" << true;
    QTest::newRow("root contains root") << "//"
                                        << "/" << true;
    QTest::newRow("no leading slash") << "subscriptions/a"
                                      << " /SUBSCRIPTIONS/a/resourceGroups/rg// " << true;
    QTest::newRow("trailing slashes on the outer") << "/subscriptions/a///"
                                                   << "/subscriptions/ab" << false;
    QTest::newRow("nothing is inside a child of it") << "/subscriptions/a/x"
                                                     << "/" << false;
    QTest::newRow("shorter inner") << "/subscriptions/abc"
                                   << "/subscriptions/ab" << false;
}

void TestAccess::scopes()
{
    QFETCH(QString, outer);
    QFETCH(QString, inner);
    QFETCH(bool, contains);
    QCOMPARE(scopeContains(outer, inner), contains);
    // The definition it is written against: the normalised outer is the root, the same or a parent.
    const QString o = normalizeScope(outer);
    const QString i = normalizeScope(inner);
    QCOMPARE(o == QLatin1String("/") || o == i || i.startsWith(o + QLatin1Char('/')), contains);
}

void TestAccess::builtInRolesAreComplete()
{
    const QList<RoleDefinition> roles = RoleDefinition::builtInBackupRoles();
    QStringList names;
    for (const RoleDefinition &r : roles)
        names << r.roleName;
    QVERIFY(names.contains(QStringLiteral("Backup Reader")));
    QVERIFY(names.contains(QStringLiteral("Backup Operator")));
    QVERIFY(names.contains(QStringLiteral("Backup Contributor")));
    for (const RoleDefinition &r : roles) {
        if (r.roleName == QLatin1String("Backup Reader"))
            QCOMPARE(r.permissions.first().actions.size(), 64); // published list, duplicates kept
        if (r.roleName == QLatin1String("Backup Reader"))
            QCOMPARE(r.id,
                     QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/"
                                    "a795c7a0-d4a2-40c1-ae25-d81f01202912"));
    }
}

void TestAccess::evaluation_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("action");
    QTest::addColumn<bool>("allowed");
    const QString restore
        = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/"
                         "protectedItems/recoveryPoints/restore/action");
    const QString policyWrite = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupPolicies/write");
    const QString cancel = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupJobs/cancel/action");
    const QString vaultDelete = QStringLiteral("Microsoft.RecoveryServices/Vaults/delete");
    QTest::newRow("reader restore") << "Backup Reader" << restore << false;
    QTest::newRow("operator restore") << "Backup Operator" << restore << true;
    QTest::newRow("contributor restore (wildcard)") << "Backup Contributor" << restore << true;
    QTest::newRow("operator policy write") << "Backup Operator" << policyWrite << false;
    QTest::newRow("contributor policy write") << "Backup Contributor" << policyWrite << true;
    QTest::newRow("reader cancel") << "Backup Reader" << cancel << false;
    QTest::newRow("operator cancel") << "Backup Operator" << cancel << true;
    QTest::newRow("contributor vault delete") << "Backup Contributor" << vaultDelete << false;
    QTest::newRow("reader monitoring write (not purely read-only)")
        << "Backup Reader"
        << "Microsoft.RecoveryServices/Vaults/monitoringAlerts/write" << true;
}

void TestAccess::evaluation()
{
    QFETCH(QString, role);
    QFETCH(QString, action);
    QFETCH(bool, allowed);
    const QList<RoleDefinition> roles = RoleDefinition::builtInBackupRoles();
    QString roleId;
    for (const RoleDefinition &r : roles) {
        if (r.roleName == role)
            roleId = r.id;
    }
    RoleAssignment a;
    a.scope = QStringLiteral("/subscriptions/s1/resourceGroups/rg");
    a.roleDefinitionId = QStringLiteral("/subscriptions/s1") + roleId;
    a.principalId = QStringLiteral("group-1");
    const PermissionEvaluator evaluator(roles, { a });
    const QString vault = a.scope + QStringLiteral("/providers/Microsoft.RecoveryServices/vaults/v");
    // Through a group, at a scope above the vault.
    const auto d = evaluator.check({ QStringLiteral("user-1"), QStringLiteral("GROUP-1") }, vault, action);
    QCOMPARE(d.allowed, allowed);
    QCOMPARE(d.assignedRoles, QStringList { role });
    // Not for someone else, and not above the assignment's scope.
    QVERIFY(!evaluator.check({ QStringLiteral("user-2") }, vault, action).allowed);
    QVERIFY(
        !evaluator.check({ QStringLiteral("group-1") }, QStringLiteral("/subscriptions/s1"), action).allowed);
}

void TestAccess::notActionsAreNotDenies()
{
    RoleDefinition narrow;
    narrow.id = QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/n1");
    narrow.roleName = QStringLiteral("Narrow");
    narrow.permissions << Permission { { QStringLiteral("Microsoft.RecoveryServices/*") },
                                       { QStringLiteral("Microsoft.RecoveryServices/Vaults/delete") },
                                       {},
                                       {} };
    RoleDefinition broad;
    broad.id = QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/b1");
    broad.roleName = QStringLiteral("Broad");
    broad.permissions << Permission { { QStringLiteral("*") }, {}, {}, {} };
    RoleAssignment a1 { QStringLiteral("x1"),
                        QStringLiteral("x1"),
                        QStringLiteral("/"),
                        narrow.id,
                        QStringLiteral("u"),
                        QStringLiteral("User"),
                        QString() };
    RoleAssignment a2 { QStringLiteral("x2"),
                        QStringLiteral("x2"),
                        QStringLiteral("/"),
                        broad.id,
                        QStringLiteral("u"),
                        QStringLiteral("User"),
                        QString() };
    QVERIFY(!PermissionEvaluator({ narrow, broad }, { a1 })
                 .check({ QStringLiteral("u") }, QStringLiteral("/subscriptions/s"),
                        QStringLiteral("Microsoft.RecoveryServices/Vaults/delete"))
                 .allowed);
    const auto both = PermissionEvaluator({ narrow, broad }, { a1, a2 })
                          .check({ QStringLiteral("u") }, QStringLiteral("/subscriptions/s"),
                                 QStringLiteral("Microsoft.RecoveryServices/Vaults/delete"));
    QVERIFY(both.allowed);
    QCOMPARE(both.grantingRoles, QStringList { QStringLiteral("Broad") });
    // Control plane never implies data plane.
    QVERIFY(!broad.permissions.first().grantsData(
        QStringLiteral("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read")));
}

QTEST_GUILESS_MAIN(TestAccess)
#include "tst_access.moc"

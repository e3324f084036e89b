#pragma once

#include <QString>

namespace RestoreDesk::Backup {

// The parts of a Recovery Services resource id, read case-insensitively (the published
// examples mix `Subscriptions`/`subscriptions` and `vaults`/`Vaults`) and tolerant of ids that
// lack the `backupFabrics/{fabric}` segment (as the protected-items list example does).
struct ArmId
{
    QString subscription;
    QString resourceGroup;
    QString vault;
    QString fabric; // "Azure" when absent
    QString container;
    QString item;
    QString recoveryPoint;

    static ArmId parse(const QString &id);
    QString vaultId() const; // canonical casing
};

// Resource ids compare without regard to case.
bool sameArmId(const QString &a, const QString &b);

} // namespace RestoreDesk::Backup

#pragma once

#include "apirun.h"
#include "backup/backuppaths.h"

namespace RestoreDesk::Cli {

// `items list --all-vaults [--type …]`: the protected items of every vault of every subscription
// the identity can see, in one run. Each subscription's vaults are asked for as soon as the
// subscriptions are in, and each vault's items as soon as its subscription's vaults are in (the
// transport bounds the concurrency), so the run takes about as long as its longest chain of pages,
// not the sum of them. Printed in the service's order of subscriptions, vaults and items, each row
// with its vault. A subscription or vault that cannot be read is named on standard error (exit 6
// when refused, else 1) while the rest are listed. Main thread; returns the exit code.
int listItemsOfEveryVault(ApiRun &run, Backup::ItemType type, const QString &typeName);

} // namespace RestoreDesk::Cli

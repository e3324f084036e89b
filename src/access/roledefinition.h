#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace RestoreDesk::Access {

// One set of actions inside a role definition.
struct Permission
{
    QStringList actions;
    QStringList notActions;
    QStringList dataActions;
    QStringList notDataActions;

    // Actions − NotActions (control plane only; data actions never follow from actions).
    bool grants(const QString &action) const;
    bool grantsData(const QString &dataAction) const;

    // The first `actions` pattern that matches `action` (empty when none does), and the first
    // `notActions` pattern that takes it out again (empty when none does).
    QString grantingPattern(const QString &action) const;
    QString removingPattern(const QString &action) const;

    static Permission fromArm(const QJsonObject &object);
    QJsonObject toArm() const;

    // The body of a Microsoft.Authorization/permissions answer ({"value": [{actions, notActions,
    // dataActions, notDataActions}, ...]}): the caller's own effective permission sets.
    static Result<QList<Permission>> listFromArm(const QJsonObject &body);
};

// An Azure role definition in its ARM wire shape (`properties.type` is the role kind).
struct RoleDefinition
{
    QString id; // /providers/Microsoft.Authorization/roleDefinitions/{guid} or scoped form
    QString name; // the guid
    QString roleName;
    QString description;
    QString roleType; // BuiltInRole / CustomRole
    QStringList assignableScopes;
    QList<Permission> permissions;

    static Result<RoleDefinition> fromArm(const QJsonObject &object);
    QJsonObject toArm() const;

    bool grants(const QString &action) const;

    // The built-in Backup Reader, Backup Operator and Backup Contributor, with their published
    // action lists (duplicates kept).
    static QList<RoleDefinition> builtInBackupRoles();
};

} // namespace RestoreDesk::Access

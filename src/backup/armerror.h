#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QList>

namespace RestoreDesk::Backup {

// The ARM error envelope, `{"error": {code, message, target, details[], additionalInfo[]}}` (or
// the inner object alone, as a failed operation status carries it), with `details` nested as
// deep as the service sends them, up to kMaxDepth (deeper levels are dropped and `truncated`
// set). Every member is optional on the wire. Value type, any thread.
struct ArmError
{
    static constexpr int kMaxDepth = 16;
    static constexpr int kMaxDetails = 1000; // per level: a guard against absurd payloads

    struct AdditionalInfo
    {
        QString type;
        QJsonValue info;
    };

    QString code;
    QString message;
    QString target;
    QList<ArmError> details;
    QList<AdditionalInfo> additionalInfo;
    bool truncated = false; // details deeper than kMaxDepth, or more than kMaxDetails, were dropped
    QJsonObject raw;

    // Accepts the envelope or the inner object; an error value when neither is an object or
    // a member has the wrong type.
    static Result<ArmError> fromArm(const QJsonObject &body);

    // The error as the core Error (code, message as detail) for a view or a log line.
    Error toError(int httpStatus = 0, const QString &correlationId = {}) const;
    // Every code in the tree, depth first (the top one first): the code that says what to do is
    // often one level down.
    QStringList allCodes() const;
};

} // namespace RestoreDesk::Backup

#pragma once

#include <QObject>

namespace RestoreDesk {

// Accepts a token dropped onto a text box: dropped text, or a local file holding the token (read
// only up to kMaxFileSize, a token being at most 64 KiB), replacing the box's content rather than
// inserting at the cursor. Install on the box's viewport. GUI thread; owned by the box's owner.
class TokenDropFilter : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 kMaxFileSize = 128 * 1024;

    explicit TokenDropFilter(QObject *parent = nullptr);

Q_SIGNALS:
    void tokenDropped(const QByteArray &token);
    void dropFailed(const QString &reason);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
};

} // namespace RestoreDesk

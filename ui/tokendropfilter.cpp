#include "tokendropfilter.h"

#include <QDropEvent>
#include <QFile>
#include <QMimeData>

namespace RestoreDesk {

TokenDropFilter::TokenDropFilter(QObject *parent)
    : QObject(parent)
{ }

bool TokenDropFilter::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove) {
        auto drag = static_cast<QDropEvent *>(event);
        if (!drag->mimeData()->hasUrls() && !drag->mimeData()->hasText())
            return QObject::eventFilter(watched, event);
        drag->acceptProposedAction();
        return true;
    }
    if (event->type() != QEvent::Drop)
        return QObject::eventFilter(watched, event);
    auto drop = static_cast<QDropEvent *>(event);
    const QMimeData *mime = drop->mimeData();
    if (mime->hasUrls() && mime->urls().first().isLocalFile()) {
        QFile file(mime->urls().first().toLocalFile());
        if (!file.open(QIODevice::ReadOnly)) {
            Q_EMIT dropFailed(tr("The dropped file could not be read: %1").arg(file.errorString()));
            return true;
        }
        const QByteArray content = file.read(kMaxFileSize + 1);
        if (content.size() > kMaxFileSize) {
            Q_EMIT dropFailed(tr("The dropped file is larger than a token can be; it was not read."));
            return true;
        }
        drop->acceptProposedAction();
        Q_EMIT tokenDropped(content);
        return true;
    }
    if (!mime->hasText())
        return QObject::eventFilter(watched, event);
    drop->acceptProposedAction();
    Q_EMIT tokenDropped(mime->text().toUtf8());
    return true;
}

} // namespace RestoreDesk
